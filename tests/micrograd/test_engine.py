"""The engine: exact (against PyTorch and numerical gradients), sturdy on bad input,
deterministic."""

import gc
import math
import re
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from micrograd.engine import Value, topological_order
from micrograd.gradcheck import gradcheck


def generated_cases(examples: int):
    """A property test over `examples` cases that Hypothesis generates, the same ones
    on every run; slow, so make check leaves it out and make test runs it."""

    def decorate(test):
        return pytest.mark.slow(
            settings(max_examples=examples, deadline=None, derandomize=True)(test)
        )

    return decorate


# --- the classic API --------------------------------------------------------


def test_the_classic_constructor_and_attributes_work():
    a, b = Value(2.0), Value(3.0)
    c = Value(a.data * b.data, (a, b), "*", (b.data, a.data))
    assert (c.data, c.grad, c._prev, c._op, c._local) == (6.0, 0.0, (a, b), "*", (3.0, 2.0))
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    assert Value(1.0, label="x").label == "x"


@pytest.mark.parametrize("local", [(), (3.0,), (3.0, 2.0, 1.0)])
def test_an_operation_with_the_wrong_number_of_local_derivatives_is_refused(local):
    a, b = Value(2.0), Value(3.0)
    with pytest.raises(
        ValueError, match=rf"'\*' gives {len(local)} local derivatives for 2 children"
    ):
        Value(6.0, (a, b), "*", local)


def test_values_take_attributes_of_their_own_like_the_classic_ones():
    v = Value(1.0)
    v.m, v._vis_color = 0.5, "red"  # an optimiser's moment, a drawing hint
    assert (v.m, v._vis_color) == (0.5, "red")
    w = v * 2
    w.backward()
    assert (w.data, v.grad, v.m) == (2.0, 2.0, 0.5)


@pytest.mark.parametrize(
    "number",
    [
        2,
        2.0,
        True,
        Fraction(1, 4),
        np.float64(2.5),
        np.float32(0.5),
        np.int64(3),
        np.uint8(3),
        np.float16(0.5),
    ],
)
def test_data_and_grad_are_always_python_floats(number):
    v = Value(number)
    w = v * number + number + v**number
    w.backward()
    assert type(v.data) is float and type(w.data) is float and type(v.grad) is float


# --- gradients ---------------------------------------------------------------


def test_backward_fills_every_gradient_of_the_chapter_expression():
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    L = (a * b + c) * f
    L.backward()
    assert (L.data, a.grad, b.grad, c.grad, f.grad) == (-8.0, 6.0, -4.0, -2.0, 4.0)


def test_a_value_used_twice_gets_both_contributions():
    a = Value(3.0)
    b = a + a
    b.backward()
    assert a.grad == 2.0
    a, b = Value(-2.0), Value(3.0)
    d = a * b
    e = a + b
    f = d * e
    f.backward()
    # f = a*b*(a+b): df/da = b*(a+b) + a*b = 3 - 6, df/db = a*(a+b) + a*b = -2 - 6
    assert (a.grad, b.grad) == (-3.0, -8.0)


def test_backward_twice_accumulates():
    a = Value(2.0)
    y = a * a
    y.backward()
    y.backward()
    assert a.grad == 8.0


def test_topological_order_puts_every_value_after_its_children():
    a, b = Value(1.0), Value(2.0)
    out = ((a * b) + a).tanh() * b
    order = topological_order(out)
    position = {id(v): i for i, v in enumerate(order)}
    assert len(order) == len(position) == 6
    assert all(position[id(child)] < position[id(v)] for v in order for child in v._prev)


@pytest.mark.slow
def test_a_chain_of_a_million_additions_backpropagates():
    x = Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = y + 1.0
    y.backward()
    assert (y.data, x.grad) == (1_000_001.0, 1.0)


def test_a_dropped_graph_leaves_no_reference_cycles():
    gc.collect()
    gc.disable()
    try:
        x = Value(0.5)
        y = x
        for _ in range(1000):
            y = (y * x).tanh() + x
        y.backward()
        del x, y
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_same_graph_gives_bit_identical_results_in_fresh_processes():
    code = """
import random
from micrograd.engine import Value
random.seed(0)
xs = [Value(random.uniform(-1, 1)) for _ in range(50)]
y = Value(0.0)
for i, x in enumerate(xs):
    y = y + (x * xs[i - 1]).tanh() * x.sigmoid() + (x ** 2).exp().log()
y.backward()
print(y.data.hex(), [x.grad.hex() for x in xs])
"""
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1 and outputs != {""}


# --- numerical safety --------------------------------------------------------


def test_tanh_and_sigmoid_saturate_without_overflow():
    assert Value(1000.0).tanh().data == 1.0 and Value(-1000.0).tanh().data == -1.0
    assert Value(-1000.0).sigmoid().data == 0.0 and Value(1000.0).sigmoid().data == 1.0
    for v in (Value(1000.0).tanh(), Value(-1000.0).sigmoid()):
        v.backward()
        assert v._prev[0].grad == 0.0


@generated_cases(2000)
@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
)
def test_division_is_one_primitive_that_rounds_as_float_division_does(a, b):
    assume(b != 0)
    q = Value(a) / Value(b)
    assert q.data == a / b and q._op == "/" and q._local == (1 / b, -(a / b) / b)
    assert (Value(a) / b).data == (a / Value(b)).data == a / b


def test_division_rounds_once():
    assert (Value(49.0) / 49).data == 1.0 == 49.0 / 49


# --- the error policy: data is what float arithmetic gives; where float raises, the same
# exception type, with a message naming the operation and its operands; an infinite local
# derivative is stored as inf.


@pytest.mark.parametrize(
    "expression, error, message",
    [
        ("Value(1.0) / 0", ZeroDivisionError, "1.0 / 0.0: division by zero"),
        ("Value(1.0) / Value(0.0)", ZeroDivisionError, "1.0 / 0.0: division by zero"),
        ("1 / Value(0.0)", ZeroDivisionError, "1.0 / 0.0: division by zero"),
        ("Value(0.0) / 0.0", ZeroDivisionError, "0.0 / 0.0: division by zero"),
        ("Value(0.0) ** -1", ZeroDivisionError, "0.0 ** -1.0: division by zero"),
        ("Value(1e200) ** 2", OverflowError, "1e+200 ** 2.0: too large for a float"),
        ("Value(-8.0) ** 0.5", ValueError, "(-8.0) ** 0.5: not a real number"),
        ("Value(1000.0).exp()", OverflowError, "exp(1000.0): too large for a float"),
        ("Value(0.0).log()", ValueError, "log(0.0): not a real number"),
        ("Value(-1.0).log()", ValueError, "log(-1.0): not a real number"),
    ],
)
def test_where_float_arithmetic_raises_the_same_type_is_raised_naming_operation_and_operands(
    expression, error, message
):
    with pytest.raises(error) as raised:
        eval(expression)
    assert str(raised.value) == message and type(raised.value) is error


@pytest.mark.parametrize(
    "expression, float_expression",
    [
        ("Value(1e200) * 1e200", "1e200 * 1e200"),
        ("Value(1e308) + 1e308", "1e308 + 1e308"),
        ("Value(-1e308) - 1e308", "-1e308 - 1e308"),
        ("Value(1e-300) / 1e300", "1e-300 / 1e300"),
        ("Value(1e300) / 1e-300", "1e300 / 1e-300"),
        ("Value(0.0) ** 0.5", "0.0 ** 0.5"),
        ("Value(2.0) ** -1100", "2.0 ** -1100"),
        ("Value(-2.0) ** 3", "(-2.0) ** 3"),
    ],
)
def test_where_float_arithmetic_gives_a_number_a_value_has_the_same_data(
    expression, float_expression
):
    assert eval(expression).data == eval(float_expression)


def test_an_infinite_local_derivative_is_stored_as_inf():
    x = Value(0.0)
    y = x**0.5
    y.backward()
    assert (y.data, y._local, x.grad) == (0.0, (math.inf,), math.inf)
    x = Value(5e-324)  # the smallest float: 1/x is too large for a float
    y = x.log()
    y.backward()
    assert x.grad == math.inf


@pytest.mark.parametrize(
    "n, slope", [(0, 0.0), (0.5, math.inf), (1, 1.0), (1.5, 0.0), (2, 0.0), (3, 0.0)]
)
def test_the_slope_of_a_power_at_zero_is_its_limit(n, slope):
    y = Value(0.0) ** n
    assert y._local == (slope,) and y.data == 0.0**n


def test_nan_and_inf_propagate_as_in_python_floats():
    assert (Value(math.inf) + 1).data == math.inf
    y = Value(math.nan) * 2
    y.backward()
    assert math.isnan(y.data) and y._prev[0].grad == 2.0
    assert math.isnan(Value(math.nan).relu().data) and math.isnan(Value(math.nan).tanh().data)


# --- bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    "bad, kind",
    [
        ("2.0", "str"),
        (None, "NoneType"),
        ([1.0], "list"),
        (1j, "complex"),
        ({"x": 1}, "dict"),
        (Decimal("1.5"), "decimal.Decimal"),
        (np.True_, "numpy.bool"),
        (np.array(2.0), "numpy.ndarray"),
        (np.complex128(1.0), "numpy.complex128"),
    ],
)
def test_anything_but_a_real_number_is_a_type_error_naming_the_type(bad, kind):
    with pytest.raises(
        TypeError, match=f"^a Value's data must be a real number .*, not {re.escape(kind)}: "
    ):
        Value(bad)


@pytest.mark.parametrize("bad", ["x", None, [1.0], 1j])
@pytest.mark.parametrize(
    "operation, symbol",
    [
        ("v + bad", "+"),
        ("bad + v", "+"),
        ("v * bad", "*"),
        ("bad * v", "*"),
        ("v / bad", "/"),
        ("bad / v", "/"),
        ("v - bad", None),  # -bad fails first, with Python's own message
        ("bad - v", None),
        ("v ** bad", None),  # the message shows the rewrite (below)
    ],
)
def test_an_operand_that_is_no_real_number_is_a_type_error_naming_the_operation(
    operation, symbol, bad
):
    message = symbol and rf"^the other operand of {re.escape(symbol)} must be a real number"
    with pytest.raises(TypeError, match=message):
        eval(operation, {"v": Value(2.0), "bad": bad})


def test_a_value_exponent_is_a_type_error_with_the_rewrite():
    with pytest.raises(
        TypeError,
        match=r"\(b \* x.log\(\)\).exp\(\)\) must be a real number .*, "
        r"not micrograd.engine.Value: ",
    ):
        Value(2.0) ** Value(3.0)


def test_a_negative_base_with_a_fractional_exponent_is_a_value_error():
    with pytest.raises(ValueError, match="not a real number"):
        Value(-8.0) ** (1 / 3)
    assert (Value(-2.0) ** 3).data == -8.0


# --- every operation against PyTorch and against nudging -----------------------

UNARY = ["neg", "tanh", "sigmoid", "relu", "exp", "log", "square", "sqrt", "cube", "reciprocal"]
BINARY = ["add", "sub", "mul", "div", "radd", "rsub", "rmul", "rdiv"]


def apply(op, x, y, c):
    """One operation, written once for micrograd Values and torch tensors alike."""
    return {
        "neg": lambda: -x,
        "tanh": lambda: x.tanh(),
        "sigmoid": lambda: x.sigmoid(),
        "relu": lambda: x.relu(),
        "exp": lambda: (x * 0.5).exp(),
        "log": lambda: (x * x + 0.5).log(),
        "square": lambda: x**2,
        "sqrt": lambda: (x * x + 0.25) ** 0.5,
        "cube": lambda: x**3,
        "reciprocal": lambda: (x * x + 1) ** -1,
        "add": lambda: x + y,
        "sub": lambda: x - y,
        "mul": lambda: x * y,
        "div": lambda: x / (y * y + 1),
        "radd": lambda: c + x,
        "rsub": lambda: c - x,
        "rmul": lambda: c * x,
        "rdiv": lambda: c / (x * x + 1),
    }[op]()


programs = st.lists(
    st.tuples(
        st.sampled_from(UNARY + BINARY),
        st.integers(0, 10**6),
        st.integers(0, 10**6),
        st.floats(-3, 3, allow_nan=False),
    ),
    min_size=1,
    max_size=25,
)
leaves = st.lists(st.floats(-2, 2, allow_nan=False), min_size=1, max_size=4)


def run(program, inputs, make):
    """Evaluate a random program: each step combines earlier nodes; the output sums the
    last three."""
    nodes = list(inputs)
    for op, i, j, c in program:
        nodes.append(apply(op, nodes[i % len(nodes)], nodes[j % len(nodes)], c))
    out = nodes[-1]
    for node in nodes[-3:-1]:
        out = out + node
    return out, nodes


def relu_inputs(program, nodes, n_leaves):
    return [nodes[i % (n_leaves + k)] for k, (op, i, _, _) in enumerate(program) if op == "relu"]


@generated_cases(300)
@given(programs, leaves)
def test_random_graphs_match_pytorch_in_float64(program, inputs):
    values = [Value(x) for x in inputs]
    out, nodes = run(program, values, Value)
    assume(
        all(abs(n.data) < 1e6 for n in nodes)
        and all(abs(r.data) > 1e-9 for r in relu_inputs(program, nodes, len(inputs)))
    )
    out.backward()
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    expected, _ = run(program, tensors, None)
    expected.backward()
    assert out.data == pytest.approx(expected.item(), rel=1e-9, abs=1e-12)
    for value, tensor in zip(values, tensors):
        torch_grad = 0.0 if tensor.grad is None else tensor.grad.item()
        assert value.grad == pytest.approx(torch_grad, rel=1e-9, abs=1e-9)


@generated_cases(200)
@given(programs, leaves)
def test_random_graphs_pass_the_numerical_gradient_check(program, inputs):
    values = [Value(x) for x in inputs]
    _, nodes = run(program, values, Value)
    assume(all(abs(n.data) < 1e3 for n in nodes))
    # A kink of relu within reach of the nudge makes the numerical slope meaningless.
    assume(all(abs(r.data) > 1e-3 for r in relu_inputs(program, nodes, len(inputs))))
    assert gradcheck(lambda *xs: run(program, xs, Value)[0], inputs, tolerance=1e-5) <= 1e-5
