"""Draw the figure in chapter 1's box "Under the hood: how small can h be?".

The parabola f(x) = 3x^2 - 4x + 5 near x = 3 with its tangent there (slope 14),
the forward difference with h = 1 as a line through x = 3 and x = 4 (slope 17)
and the symmetric difference with h = 1 as a line through x = 2 and x = 4
(slope 14). Run it from the top folder of the repository; it writes
book/figures/ch01_chords.png:

    .venv/bin/python book/figures/ch01_chords.py
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

OUT = Path(__file__).with_suffix(".png")


def f(x):
    return 3 * x * x - 4 * x + 5


def df(x):
    return 6 * x - 4


near = np.linspace(1.2, 4.6, 100)
plt.rcParams["font.size"] = 11
plt.figure(figsize=(6.4, 4.2))
plt.plot(near, f(near), label="f(x)")
# each line: a name, a point it passes through, its slope, a colour
lines = [
    ("tangent", 3.0, df(3.0), "k"),
    ("forward, h = 1", 3.0, f(4.0) - f(3.0), "C3"),
    ("symmetric, h = 1", 2.0, (f(4.0) - f(2.0)) / 2, "C2"),
]
for name, x0, slope, color in lines:
    style = "-" if name == "tangent" else "--"
    plt.plot(
        near,
        f(x0) + slope * (near - x0),
        style,
        color=color,
        label=f"{name}: slope {slope:g}",
    )
plt.plot([2.0, 3.0, 4.0], [f(2.0), f(3.0), f(4.0)], "ko")
plt.ylim(0, 50)
plt.xlabel("x")
plt.ylabel("f(x)")
plt.grid(alpha=0.3)
plt.legend()
plt.tight_layout()
plt.savefig(OUT, dpi=100)
print(f"wrote {OUT}")
