"""Benchmark micrograd's engine against the classic closure-based design.

    .venv/bin/python benchmarks/engine.py [--steps N]

The workload is the demo training step of the moons chapter: 100 samples,
an MLP with layers 2-16-16-1 and ReLU, the SVM max-margin loss plus 1e-4 times
the L2 norm of the weights, one backward pass and one SGD update. Both engines
run the same code on the same numbers. The classic design keeps a node's
children in a set, so it adds up gradient contributions in another order:
the first loss is bit-identical, later ones agree to the last few bits.

It prints seconds per step, microseconds per graph node, the peak memory that
tracemalloc sees during one step, and the graph size; then the same steps with
Python's cycle collector paused; then the deepest chain each engine can
backpropagate through. It is a script, not a test: timings belong here.
"""

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc

from sklearn.datasets import make_moons

from micrograd.engine import Value, topological_order


class ClosureValue:
    """The classic design: every operation stores a closure that refers to its own output."""

    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, ClosureValue) else ClosureValue(float(other))
        out = ClosureValue(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, ClosureValue) else ClosureValue(float(other))
        out = ClosureValue(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = ClosureValue(self.data if self.data > 0 else 0.0, (self,), "ReLU")

        def _backward():
            self.grad += (1.0 if out.data > 0 else 0.0) * out.grad

        out._backward = _backward
        return out

    def backward(self):
        order, visited = [], set()

        def build(v):  # the classic recursive depth-first search
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                order.append(v)

        build(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other


def make_model(value, rng):
    """Weights uniform in [-1, 1] from the seeded rng, biases 0: layers of (weights, bias)."""
    sizes = [2, 16, 16, 1]
    return [
        [([value(rng.uniform(-1, 1)) for _ in range(nin)], value(0.0)) for _ in range(nout)]
        for nin, nout in zip(sizes, sizes[1:])
    ]


def forward(model, x):
    for depth, layer in enumerate(model):
        outputs = []
        for weights, bias in layer:
            act = bias
            for w, xi in zip(weights, x):
                act = act + w * xi
            outputs.append(act.relu() if depth < len(model) - 1 else act)
        x = outputs
    return x[0]


def step(value, model, X, y, learning_rate=0.01):
    """One training step; returns the loss and the loss Value (whose graph is still alive)."""
    params = [p for layer in model for weights, bias in layer for p in weights + [bias]]
    for p in params:
        p.grad = 0.0
    data_loss = value(0.0)
    for xi, yi in zip(X, y):
        score = forward(model, [value(xi[0]), value(xi[1])])
        data_loss = data_loss + (1 + score * -yi).relu()
    data_loss = data_loss * (1.0 / len(X))
    reg = value(0.0)
    for p in params:
        reg = reg + p * p
    loss = data_loss + reg * 1e-4
    loss.backward()
    for p in params:
        p.data -= learning_rate * p.grad
    return loss.data, loss


def measure(value, X, y, steps, pause_collector):
    model = make_model(value, random.Random(1337))
    losses, times = [], []
    for _ in range(steps):
        gc.collect()
        if pause_collector:
            gc.disable()
        start = time.perf_counter()
        loss, _ = step(value, model, X, y)
        times.append(time.perf_counter() - start)
        gc.enable()
        losses.append(loss)
    gc.collect()
    tracemalloc.start()
    step(value, model, X, y)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak, losses


def deepest_chain(value, depths=(100, 500, 990, 1000, 10_000, 100_000, 1_000_000)):
    """The longest chain x + 1 + 1 + ... of the given depths whose backward() succeeds."""
    best = 0
    for depth in depths:
        y = value(1.0)
        for _ in range(depth):
            y = y + 1.0
        try:
            y.backward()
        except RecursionError:
            break
        best = depth
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--steps", type=int, default=5, help="training steps to time (median is reported)"
    )
    args = parser.parse_args()
    X, y = make_moons(n_samples=100, noise=0.1, random_state=1)
    X, y = X.tolist(), (y * 2 - 1).tolist()
    nodes = len(topological_order(step(Value, make_model(Value, random.Random(1337)), X, y)[1]))
    print(
        f"Python {sys.version.split()[0]}; demo step: 100 moons samples, MLP 2-16-16-1, "
        f"{nodes:,} graph nodes per step; median of {args.steps} steps\n"
    )
    print(f"{'engine':<28}{'collector':<11}{'s/step':>8}{'us/node':>9}{'peak MB':>9}")
    results = {}
    for pause in (False, True):
        for name, value in (("closures (classic design)", ClosureValue), ("micrograd", Value)):
            seconds, peak, losses = measure(value, X, y, args.steps, pause)
            results[name, pause] = (seconds, peak, losses)
            print(
                f"{name:<28}{'paused' if pause else 'running':<11}{seconds:>8.3f}"
                f"{seconds / nodes * 1e6:>9.2f}{peak / 1e6:>9.1f}"
            )
    reference = results[("micrograd", False)][2]
    first_same = all(results[k][2][0] == reference[0] for k in results)
    worst = max(abs(a - b) / abs(b) for k in results for a, b in zip(results[k][2], reference))
    classic, ours = results[("closures (classic design)", False)], results[("micrograd", False)]
    paused = results[("micrograd", True)]
    print(
        f"\nfirst loss bit-identical across engines and settings: {first_same}; "
        f"largest relative difference over {args.steps} steps: {worst:.1e}"
    )
    print(f"speed-up, both with the collector running:        {classic[0] / ours[0]:.1f}x")
    print(
        f"speed-up, micrograd with the collector paused:    {classic[0] / paused[0]:.1f}x "
        "(safe: its graphs have no cycles)"
    )
    print(f"memory, micrograd / closures:                     {ours[1] / classic[1]:.2f}")
    print(
        f"\ndeepest chain that backpropagates (of 100 ... 1,000,000 additions): "
        f"closures {deepest_chain(ClosureValue):,}, micrograd {deepest_chain(Value):,}"
    )


if __name__ == "__main__":
    main()
