"""Draw the third picture on the introduction: one neuron with two inputs.

The inputs x1 and x2 are multiplied by their weights w1 and w2, the two
products are added, the bias b is added to that sum, and the result n goes
through relu, max(0, n), the bend of chapter 9's network. Drawn with
graphviz in the style of the book's draw_dot (boxes for numbers, ovals for
operations), and, like the engine, with every + adding two numbers, so that
it shows the Values of chapter 2's exercise 7. Run it from the top folder of
the repository; it writes book/figures/intro_neuron.svg:

    .venv/bin/python book/figures/intro_neuron.py
"""

from pathlib import Path

from graphviz import Digraph

OUT = Path(__file__).with_suffix(".svg")

dot = Digraph(graph_attr={"rankdir": "LR"})
dot.attr("node", shape="box")
# every number is a box, the weights, the bias and each result too
for name, label in [
    ("x1", "input x1"),
    ("w1", "weight w1"),
    ("x2", "input x2"),
    ("w2", "weight w2"),
    ("b", "bias b"),
    ("p1", "x1*w1"),
    ("p2", "x2*w2"),
    ("s", "x1*w1 + x2*w2"),
    ("n", "n"),
    ("out", "output"),
]:
    dot.node(name, label)
# every operation is an oval that takes two numbers (relu one) and makes one
for name, label in [
    ("m1", "*"),
    ("m2", "*"),
    ("a1", "+"),
    ("a2", "+"),
    ("relu", "relu"),
]:
    dot.node(name, label, shape="ellipse")
for tail, head in [
    ("x1", "m1"),
    ("w1", "m1"),
    ("m1", "p1"),
    ("x2", "m2"),
    ("w2", "m2"),
    ("m2", "p2"),
    ("p1", "a1"),
    ("p2", "a1"),
    ("a1", "s"),
    ("s", "a2"),
    ("b", "a2"),
    ("a2", "n"),
    ("n", "relu"),
    ("relu", "out"),
]:
    dot.edge(tail, head)
OUT.write_text(dot.pipe(format="svg", encoding="utf-8"))
print(f"wrote {OUT}")
