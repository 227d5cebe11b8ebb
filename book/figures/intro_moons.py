"""Draw the picture on the introduction: where the book ends up.

Trains the classifier of chapter 9 with the finished micrograd package (a
network with two hidden layers of 8 neurons) on 100 points of two interleaved
half-moons for 100 steps, and draws the regions it assigns to each label,
in chapter 9's colours: label -1 blue, label +1 red. The training points it
gets wrong are ringed. Run it from the top folder of the repository; it writes
book/figures/intro_moons.png:

    .venv/bin/python book/figures/intro_moons.py
"""

import random
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import make_moons  # noqa: E402

from micrograd.nn import MLP, hinge_loss  # noqa: E402

OUT = Path(__file__).with_suffix(".png")


def train(model, points, labels, steps=100):
    """Full-batch gradient descent on the hinge loss, the step size falling."""
    xs = [[float(a), float(b)] for a, b in points]
    for k in range(steps):
        loss = hinge_loss([model(x) for x in xs], labels)
        model.zero_grad()
        loss.backward()
        learning_rate = 1.0 - 0.9 * k / steps
        for p in model.parameters():
            p.data -= learning_rate * p.grad
    return loss.data


def scores_on_grid(model, xx, yy):
    """The model's score at each grid point, computed by NumPy."""
    h = np.c_[xx.ravel(), yy.ravel()]
    layers = model.layers
    for i, layer in enumerate(layers):
        w = np.array([[wi.data for wi in n.w] for n in layer.neurons])
        b = np.array([n.b.data for n in layer.neurons])
        h = h @ w.T + b
        if i < len(layers) - 1:
            h = np.maximum(h, 0.0)
    return h[:, 0].reshape(xx.shape)


def main():
    points, classes = make_moons(n_samples=200, noise=0.1, random_state=1337)
    points, classes = points[:100], classes[:100]  # chapter 9's training half
    labels = [2 * int(c) - 1 for c in classes]
    random.seed(1337)
    model = MLP(2, [8, 8, 1])
    loss = train(model, points, labels)
    scores = [model([float(a), float(b)]).data for a, b in points]
    accuracy = np.mean([s * y > 0 for s, y in zip(scores, labels)])
    print(f"loss {loss:.4f}, training accuracy {accuracy:.1%}")

    xx, yy = np.meshgrid(
        np.linspace(-1.6, 2.6, 300), np.linspace(-1.1, 1.6, 200)
    )
    zz = scores_on_grid(model, xx, yy)
    fig, ax = plt.subplots(figsize=(7, 4.2))
    # chapter 9's shading: light blue where the score is negative, light red
    # where it is positive
    ax.contourf(
        xx, yy, zz > 0, levels=[-0.5, 0.5, 1.5], colors=["#c6dbef", "#fcbba1"]
    )
    ax.contour(xx, yy, zz, levels=[0.0], colors="black", linewidths=1)
    for value, colour, marker in [
        (-1, "tab:blue", "o"),
        (1, "tab:red", "s"),
    ]:
        chosen = [i for i, y in enumerate(labels) if y == value]
        ax.scatter(
            points[chosen, 0],
            points[chosen, 1],
            c=colour,
            marker=marker,
            s=18,
            label=f"label {value:+d}".replace("-", "\u2212"),
            edgecolors="white",
            linewidths=0.4,
        )
    wrong = [i for i, (s, y) in enumerate(zip(scores, labels)) if s * y <= 0]
    for i in wrong:
        print(
            f"wrong: ({points[i, 0]:.3f}, {points[i, 1]:.3f}), "
            f"label {labels[i]:+d}"
        )
    ax.scatter(
        points[wrong, 0],
        points[wrong, 1],
        s=150,
        facecolors="none",
        edgecolors="black",
        linewidths=1.2,
        label="classified wrongly",
    )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="lower left")
    ax.set_title("A network trained by micrograd: its decision boundary")
    fig.tight_layout()
    fig.savefig(OUT, dpi=110, metadata={"Software": None})
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
