# micrograd, the book. `make book` builds the website, `make test` runs every check.
# Both set up everything first: a virtualenv in .venv with the pinned requirements,
# the micrograd package (editable), and Graphviz's `dot`; `make test` also Chromium,
# in which tests/test_site.py checks the built website.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CHAPTERS = $(shell $(PY) tools/tangle.py --list)
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: book test tangle execute lab serve clean setup system browser

book: setup
	$(VENV)/bin/jupyter-book build . --builder html -n -W --keep-going
	@echo "The book is built: open $(CURDIR)/_build/html/index.html (or run make serve)"

test: setup browser
	$(PY) tools/tangle.py --check
	$(PY) -m pytest $(NBVAL) $(CHAPTERS) tests

tangle: setup
	$(PY) tools/tangle.py

execute: setup
	$(PY) tools/execute.py $(if $(TIMINGS),--timings)

lab: setup
	$(VENV)/bin/jupyter lab book/

serve:
	@echo "Serving the book at http://127.0.0.1:8000/ (Ctrl-C stops)"
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

clean:
	rm -rf _build .pytest_cache .hypothesis
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
