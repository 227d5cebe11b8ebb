# micrograd, the book. `make book` builds the website, `make test` runs every check.
# Both set up everything first: a virtualenv in .venv with the pinned requirements,
# the micrograd package (editable), and Graphviz's `dot`; `make test` also Chromium,
# in which tests/test_site.py checks the built website.
#
# While you write (book/how_this_book_is_made.md says which loop fits which change):
#   make chapter NB=book/04_backprop.ipynb   re-run one notebook once, store it, list
#                                            the cells whose output changed
#   make from NB=book/05_operations.ipynb    the same for it and every later notebook
#                                            (after a change to exported code)
#   make check                               lint, tangle --check and the fast tests
#                                            (seconds; no notebook is run)
#   make chapters                            nbval: every notebook against its outputs

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NOTEBOOKS = $(shell $(PY) tools/tangle.py --list)
# The hand-written Python that `ruff format` keeps in one format: the tools, the
# tests and the chapters' code cells (micrograd/ is generated from those cells).
FORMATTED := tools tests _ext benchmarks book

.PHONY: book test check chapters lint format chapter from student assignments tangle execute lab serve clean setup system browser

book: setup
	$(PY) tools/website.py

# Everything: what check runs, every notebook against its stored outputs, the
# slow tests (the perturbed re-runs of tests/test_reproducible.py, the student
# edition) and the site in Chromium.
test: setup browser lint
	$(PY) tools/tangle.py --check
	$(PY) -m pytest -rs $(NOTEBOOKS) tests

check: setup lint
	$(PY) tools/tangle.py --check
	$(PY) -m pytest -q -rs tests -m "not browser and not slow"

chapters: setup
	$(PY) -m pytest $(NOTEBOOKS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check $(FORMATTED)

format: setup
	$(VENV)/bin/ruff format $(FORMATTED)

chapter: setup
	@test -n "$(NB)" || { echo "Name the notebook: make chapter NB=book/04_backprop.ipynb"; exit 2; }
	$(PY) tools/tangle.py
	$(PY) tools/execute.py $(NB)

from: setup
	@test -n "$(NB)" || { echo "Name the first notebook: make from NB=book/05_operations.ipynb"; exit 2; }
	$(PY) tools/tangle.py
	$(PY) tools/execute.py --from $(NB)

# The student edition, for teachers: notebooks without the solutions that run
# anywhere, offline, and the website without them (book/teaching.md).
student: setup
	$(PY) tools/student.py _build/student

# An nbgrader course folder, one assignment per chapter with exercises
# (book/teaching.md); POINTS=points.yml weighs the exercises.
assignments: setup
	$(PY) tools/assignments.py _build/assignments $(if $(POINTS),--points $(POINTS))

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
