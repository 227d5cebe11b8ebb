# micrograd, the book. `make book` builds the website, `make test` runs every check.
# Both set up everything first: a virtualenv in .venv with the pinned requirements,
# the micrograd package (editable), and Graphviz's `dot`; `make test` also Chromium,
# in which tests/test_site.py checks the built website.
#
# While you write: `make check` (lint, the package is current, every notebook
# reproduces, tests/ without the browser and the perturbed re-runs), and
# `make chapter NB=book/04_backprop.ipynb` to re-run one notebook and store its
# outputs, then compare them in a fresh kernel. nbval's flags live in pyproject.toml.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NOTEBOOKS = $(shell $(PY) tools/tangle.py --list)

.PHONY: book test check lint chapter student tangle execute lab serve clean setup system browser

book: setup
	$(VENV)/bin/jupyter-book build . --builder html -n -W --keep-going
	@echo "The book is built: open $(CURDIR)/_build/html/index.html (or run make serve)"

# Everything: what check runs, the site in Chromium, and every notebook again
# with another C library's last bits (tests/test_reproducible.py).
test: setup browser lint
	$(PY) tools/tangle.py --check
	$(PY) -m pytest $(NOTEBOOKS) tests

check: setup lint
	$(PY) tools/tangle.py --check
	$(PY) -m pytest $(NOTEBOOKS) tests -m "not browser and not slow"

lint: setup
	$(VENV)/bin/ruff check .

chapter: setup
	@test -n "$(NB)" || { echo "Name the notebook: make chapter NB=book/04_backprop.ipynb"; exit 2; }
	$(PY) tools/tangle.py
	$(PY) tools/execute.py $(NB)
	$(PY) -m pytest $(NB)

# The student edition, for teachers: notebooks without the solutions' code, and
# the website without the solutions (see book/how_this_book_is_made.md).
student: setup
	$(PY) tools/student.py _build/student

tangle: setup
	$(PY) tools/tangle.py

execute: setup
	$(PY) tools/execute.py $(if $(TIMINGS),--timings)

# JupyterLab renders the chapters' MyST with jupyterlab-myst (pinned in requirements.txt).
# Trusting the notebooks (Jupyter's own signatures, kept in your Jupyter data folder)
# lets it show their stored drawings and steppers before anything runs. Jupyter
# refuses to run as root without --allow-root; containers and cloud machines do.
lab: setup
	$(VENV)/bin/jupyter trust $(NOTEBOOKS)
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) book/

serve:
	@echo "Serving the book at http://127.0.0.1:8000/ (Ctrl-C stops)"
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

clean:
	rm -rf _build .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +

setup: $(STAMP) system

# Reinstall only when the requirements or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Graphviz is a system program, not a Python package.
system:
	@command -v dot >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Graphviz with apt-get"; \
	    apt-get update -qq && apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "Graphviz's dot is missing. Install it, then run make again:"; \
	    echo "  Debian/Ubuntu: sudo apt-get install graphviz"; \
	    echo "  macOS:         brew install graphviz"; \
	    echo "  conda:         conda install -c conda-forge graphviz"; \
	    exit 1; \
	  fi; }

# The browser tests drive Debian's Chromium (Playwright's own browser download is
# not used). Without it they skip, or fail under CI=true.
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Chromium with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing at $(CHROMIUM), so the browser tests will skip: sudo apt-get install chromium"; \
	  fi; }
