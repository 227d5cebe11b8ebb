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
for name, label in [("x1", "input x1"), ("x2", "input x2"), ("b", "bias b")]:
    dot.node(name, label)
dot.node("m1", "× w1", shape="ellipse")
dot.node("m2", "× w2", shape="ellipse")
dot.node("sum", "+", shape="ellipse")
dot.node("tanh", "tanh", shape="ellipse")
dot.node("out", "output\ntanh(w1 x1 + w2 x2 + b)")
dot.edge("x1", "m1")
dot.edge("x2", "m2")
dot.edge("m1", "sum")
dot.edge("m2", "sum")
dot.edge("b", "sum")
dot.edge("sum", "tanh")
dot.edge("tanh", "out")
OUT.write_text(dot.pipe(format="svg", encoding="utf-8"))
print(f"wrote {OUT}")
