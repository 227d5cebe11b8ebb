"""micrograd.viz: the graph of a Value as a table of nodes, drawn by Graphviz, and
backward() shown step by step."""

from micrograd.engine import Value
from micrograd.viz import draw_dot, trace


def small_graph():
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    return d


def test_trace_lists_each_value_once_in_a_fixed_order():
    a = Value(2.0, label="a")
    s = a + a
    nodes, edges = trace(s)
    assert nodes == [s, a] and edges == [(a, s), (a, s)]
    assert [v.label for v in trace(small_graph())[0]] == ["d", "e", "a", "b", "c"]


def test_trace_handles_a_graph_deeper_than_the_recursion_limit():
    total = Value(0.0)
    for _ in range(20_000):
        total = total + Value(1.0)
    nodes, edges = trace(total)
    assert len(nodes) == 40_001 and len(edges) == 40_000


def test_draw_dot_is_the_same_on_every_run_and_left_to_right():
    graph = small_graph()
    first, second = draw_dot(graph).source, draw_dot(small_graph()).source
    assert first == second
    assert "rankdir=LR" in first and "bgcolor=white" in first
    assert "<tr><td>d</td></tr><tr><td>data 4.0</td></tr><tr><td>grad 0.0</td></tr>" in first
    assert "<tr><td>a</td></tr><tr><td>data 2.0</td></tr>" in first
    assert "v1_op -> v1" in first  # e's operation node feeds e
    assert not any(
        str(id(v)) in first for v in trace(graph)[0]
    )  # names by position, not by address
    assert "rankdir=TB" in draw_dot(graph, rankdir="TB").source
    bias = Value(6.8813735870195432, label="b")
    assert "data 6.881<" in draw_dot(bias).source
