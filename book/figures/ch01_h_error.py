"""Draw the figure in chapter 1's box "Under the hood: how small can h be?".

Measures the error of the forward and the symmetric difference of the cube
g(x) = x**3 at x = 2 (exact slope 12) for steps h from 1e-1 down to 1e-12,
and plots both errors against h on log-log axes. Run it from the top folder
of the repository; it writes book/figures/ch01_h_error.png:

    .venv/bin/python book/figures/ch01_h_error.py
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

OUT = Path(__file__).with_suffix(".png")


def g(x):
    return x * x * x


hs = 10.0 ** -np.arange(1, 12.25, 0.25)
forward = [abs((g(2 + h) - g(2)) / h - 12) for h in hs]
symmetric = [abs((g(2 + h) - g(2 - h)) / (2 * h) - 12) for h in hs]
# an error of exactly 0 cannot be drawn on a log axis: show it at 1e-16
forward = np.maximum(forward, 1e-16)
symmetric = np.maximum(symmetric, 1e-16)

plt.rcParams["font.size"] = 11
plt.figure(figsize=(6.4, 4.4))
plt.loglog(hs, forward, "o-", color="C3", ms=4, label="forward difference")
plt.loglog(hs, symmetric, "s-", color="C2", ms=4, label="symmetric difference")
plt.loglog(hs, 6 * hs, ":", color="C3", label="6h (truncation, forward)")
plt.loglog(hs, hs**2, ":", color="C2", label="h² (truncation, symmetric)")
plt.axvline(1e-6, color="k", lw=0.8, ls="--")
plt.annotate(
    "h = 1e-6", (1e-6, 1e-1), xytext=(4, 0), textcoords="offset points"
)
plt.ylim(1e-13, 1e1)
plt.xlabel("step h")
plt.ylabel("error of the slope of x³ at 2")
plt.grid(alpha=0.3, which="major")
plt.legend(loc="lower left")
plt.tight_layout()
plt.savefig(OUT, dpi=100)
print(f"wrote {OUT}")
