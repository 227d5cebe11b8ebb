"""Draw the second picture on the introduction: the record of y = x*x + 3*x.

Builds the expression of the introduction's code example with the finished
micrograd package, runs y.backward(), and draws the graph with the book's
draw_dot, so every box shows its data and its grad. Run it from the top
folder of the repository; it writes book/figures/intro_graph.svg:

    .venv/bin/python book/figures/intro_graph.py
"""

from pathlib import Path

from micrograd.engine import Value
from micrograd.viz import draw_dot

OUT = Path(__file__).with_suffix(".svg")

x = Value(2.0, label="x")
y = x * x + 3 * x
y.label = "y"
square, triple = y._prev
square.label = "x*x"
triple.label = "3*x"
# the constant 3 becomes a Value of its own inside 3 * x: name its box "3"
(three,) = [v for v in triple._prev if v is not x]
three.label = "3"
y.backward()
graph = draw_dot(y)
# more room between the two arrows from x into x*x's oval, so both show
graph.graph_attr["nodesep"] = "0.3"
OUT.write_text(graph.pipe(format="svg", encoding="utf-8"))
print(f"wrote {OUT}")
