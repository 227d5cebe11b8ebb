"""Draw the first picture on the introduction: one step of gradient descent.

The loss (2w - 6)^2 of the introduction's one-weight model, its tangent at
w = 1 (slope -16), and one step with the learning rate 0.05, which moves w
from 1 to 1.8 and the loss from 16 to 5.76, as in chapter 1's first step.
Every number on it is computed here. Run it from the top folder of the
repository; it writes book/figures/intro_step.png:

    .venv/bin/python book/figures/intro_step.py
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

OUT = Path(__file__).with_suffix(".png")
LEARNING_RATE = 0.05


def loss(w):
    return (2 * w - 6) ** 2


def slope(w):
    """The derivative of the loss, 2 (2w - 6) times 2."""
    return 4 * (2 * w - 6)


def main():
    start = 1.0
    step = -LEARNING_RATE * slope(start)
    end = start + step
    print(
        f"w = {start:g}: loss {loss(start):g}, slope {slope(start):g}; "
        f"step {step:g}; w = {end:g}: loss {loss(end):g}"
    )

    fig, ax = plt.subplots(figsize=(6, 3.4))
    ws = np.linspace(0.3, 3.7, 200)
    ax.plot(ws, loss(ws), color="C0", label="loss $(2w - 6)^2$")
    near = np.linspace(0.55, 1.45, 2)
    ax.plot(
        near,
        loss(start) + slope(start) * (near - start),
        "k--",
        linewidth=1,
        label=f"tangent at $w = 1$: slope −{-slope(start):g}",
    )
    ax.plot([start, end], [loss(start), loss(end)], "o", color="C3")
    labels = [(start, f"loss {loss(start):g}"), (end, f"loss {loss(end):.2f}")]
    for w, label in labels:
        ax.annotate(
            label,
            (w, loss(w)),
            textcoords="offset points",
            xytext=(8, 2),
            fontsize=11,
        )
    # the step itself, drawn along the w axis
    ax.annotate(
        "",
        (end, 1.2),
        (start, 1.2),
        arrowprops={"arrowstyle": "->", "color": "C3", "lw": 2},
    )
    ax.text(
        (start + end) / 2,
        2.0,
        f"step −{LEARNING_RATE:g} × (−{-slope(start):g}) = {step:g}",
        ha="center",
        va="bottom",
        fontsize=11,
        color="C3",
    )
    ax.plot(3, 0, "k+", ms=12)
    ax.text(
        3, 3, "lowest loss\nat $w = 3$", ha="center", va="bottom", fontsize=11
    )
    ax.set_xticks([1, 1.8, 3])
    ax.set_xticklabels(["1", "1.8", "3"])
    ax.set_ylim(-1.5, 24)
    ax.set_xlabel("w", fontsize=11)
    ax.set_ylabel("loss", fontsize=11)
    ax.tick_params(labelsize=11)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=11)
    fig.tight_layout()
    fig.savefig(OUT, dpi=110, metadata={"Software": None})
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
