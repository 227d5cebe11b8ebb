"""Draw the fourth picture on the introduction: the network of chapter 9.

Two inputs, two hidden layers of 8 relu neurons and one output neuron that
only sums, with one line for every weight and, under each layer, its count
of parameters (a weight per line in, a bias per neuron): 24 + 72 + 9 = 105.
Drawn in the colours of chapter 7's network diagram. Run it from the top
folder of the repository; it writes book/figures/intro_network.png:

    .venv/bin/python book/figures/intro_network.py
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

OUT = Path(__file__).with_suffix(".png")
SIZES = [2, 8, 8, 1]
TITLES = [
    "2 inputs",
    "hidden layer\n8 relu neurons",
    "hidden layer\n8 relu neurons",
    "output\nneuron",
]
COUNTS = ["", "2 × 8 + 8 = 24", "8 × 8 + 8 = 72", "8 × 1 + 1 = 9"]


def main():
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ys = [[(n - 1) / 2 - k for k in range(n)] for n in SIZES]
    for column, (left, right) in enumerate(zip(ys, ys[1:])):
        for a in left:
            for b in right:
                ax.plot(
                    [column, column + 1],
                    [a, b],
                    color="gray",
                    linewidth=0.5,
                    zorder=1,
                )
    for column, heights in enumerate(ys):
        face = (
            "white"
            if column == 0
            else "#c6dbef"
            if column == len(SIZES) - 1
            else "#fcbba1"
        )
        ax.scatter(
            [column] * len(heights),
            heights,
            s=260,
            color=face,
            edgecolors="black",
            zorder=2,
        )
        ax.text(
            column, 4.1, TITLES[column], ha="center", va="bottom", fontsize=11
        )
        ax.text(
            column, -4.3, COUNTS[column], ha="center", va="top", fontsize=11
        )
    for k, name in enumerate(["$x_1$", "$x_2$"]):
        ax.text(
            0, ys[0][k], name, ha="center", va="center", fontsize=10, zorder=3
        )
    ax.text(3.2, 0, "score", ha="left", va="center", fontsize=11)
    ax.text(
        1.5, -5.3, "105 parameters in all", ha="center", va="top", fontsize=11
    )
    ax.set_xlim(-0.5, 3.8)
    ax.set_ylim(-6.1, 5.3)
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(OUT, dpi=110, metadata={"Software": None})
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
