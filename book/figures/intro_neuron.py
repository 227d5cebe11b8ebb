"""Draw the third picture on the introduction: one neuron with two inputs.

The inputs x1 and x2 are multiplied by their weights w1 and w2, the products
and the bias b are added, and the sum goes through tanh. Drawn with graphviz
in the style of the book's draw_dot (boxes for numbers, ovals for
operations). Run it from the top folder of the repository; it writes
book/figures/intro_neuron.svg:

    .venv/bin/python book/figures/intro_neuron.py
"""

from pathlib import Path

from graphviz import Digraph

OUT = Path(__file__).with_suffix(".svg")

dot = Digraph(graph_attr={"rankdir": "LR"})
dot.attr("node", shape="box")
# every number is a box, the weights and the bias too; every operation an oval
for name, label in [
    ("x1", "input x1"),
    ("w1", "weight w1"),
    ("x2", "input x2"),
    ("w2", "weight w2"),
    ("b", "bias b"),
]:
    dot.node(name, label)
dot.node("m1", "*", shape="ellipse")
dot.node("m2", "*", shape="ellipse")
dot.node("sum", "+", shape="ellipse")
dot.node("tanh", "tanh", shape="ellipse")
dot.node("out", "output")
for number, operation in [
    ("x1", "m1"),
    ("w1", "m1"),
    ("x2", "m2"),
    ("w2", "m2"),
    ("m1", "sum"),
    ("m2", "sum"),
    ("b", "sum"),
    ("sum", "tanh"),
    ("tanh", "out"),
]:
    dot.edge(number, operation)
OUT.write_text(dot.pipe(format="svg", encoding="utf-8"))
print(f"wrote {OUT}")
