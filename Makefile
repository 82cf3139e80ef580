# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make site   builds the site from the bundled knowledge base into site/
#   make test   runs the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check serve tools browser clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip uninstall --quiet --disable-pip-version-check -y kb 2>/dev/null || true  # the distribution was called kb before it was kb-argmap
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# The graph view needs cytoscape: fetched once with `npm pack`
# (pinned versions and integrity in kb/assets/vendor.json) into build/vendor/, then served
# with the site. `kb build` runs mkdocs --strict into a temporary folder and swaps it in.
site: $(STAMP)
	$(BIN)/python -m kb.build vendor
	$(BIN)/kb build concepts -o site
	@echo "Site built in site/. Preview it with: $(BIN)/python -m http.server -d site 8000  (then open http://localhost:8000)"

check: $(STAMP)
	$(BIN)/kb check concepts

serve: $(STAMP)
	$(BIN)/mkdocs serve

# Programs some tests run, from Debian's packages: Chromium (the browser tests) and Graphviz
# (the DOT export rendered). Install those missing in one apt-get (needs root, as on CI).
TOOLS := chromium:chromium dot:graphviz
tools:
	@missing=""; for tool in $(TOOLS); do command -v $${tool%%:*} >/dev/null || missing="$$missing $${tool#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	    || echo "apt-get could not install$$missing: the tests that need them will be skipped"; \
	  else echo "not installed:$$missing (apt-get install$$missing as root): the tests that need them will be skipped"; fi; \
	fi

browser: tools

test: $(STAMP) tools
	$(BIN)/python -m pytest

clean:
	rm -rf site .site-* $(VENV) build
