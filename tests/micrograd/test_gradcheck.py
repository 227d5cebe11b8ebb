"""micrograd.gradcheck: numerical derivatives, and the check that compares them with backward()."""

import math

import pytest

from micrograd.engine import Value
from micrograd.gradcheck import gradcheck, numerical_derivative, numerical_gradient


def test_numerical_derivative_uses_the_symmetric_difference():
    assert abs(numerical_derivative(lambda x: 3 * x**2 - 4 * x + 5, 3.0) - 14.0) < 1e-8
    assert abs(numerical_derivative(math.sin, 0.0) - 1.0) < 1e-9


def test_numerical_gradient_nudges_each_input_and_leaves_the_inputs_alone():
    inputs = [2.0, -3.0, 10.0]
    gradient = numerical_gradient(lambda a, b, c: a * b + c, inputs)
    assert [round(g, 6) for g in gradient] == [-3.0, 2.0, 1.0]
    assert inputs == [2.0, -3.0, 10.0]


def test_gradcheck_names_the_input_whose_gradients_disagree():
    def wrong_square(x):
        return Value(x.data**2, (x,), "sq", (1.0,))  # the local derivative should be 2x

    with pytest.raises(AssertionError, match="input 0: backward"):
        gradcheck(wrong_square, [3.0])
