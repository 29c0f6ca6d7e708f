# stakegraph: `make run` builds the bundled example and shows how to explore it; `make test` runs the tests.
# Both create .venv and install what they need on a fresh machine (Python 3.11+).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= stakegraph-data
EXAMPLE := examples/corpus

.PHONY: run setup test lint bench clean browser

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

setup: $(BIN)/.installed

PORT   ?= 8000

run: setup
	$(BIN)/stakegraph build $(EXAMPLE) --data $(DATA)
	$(BIN)/stakegraph validate --data $(DATA)
	$(BIN)/stakegraph view --data $(DATA) --out stakegraph-view.html
	@echo
	@echo "The graph is in $(DATA)/ (embedded Oxigraph store); the network view is stakegraph-view.html"
	@echo "(one file, works offline: open it in a browser). In another terminal, try:"
	@echo "  $(BIN)/stakegraph stats --data $(DATA)"
	@echo "  $(BIN)/stakegraph query 'SELECT ?person ?org WHERE { ?p sg:holdsRoleAt ?o ; rdfs:label ?person . ?o rdfs:label ?org }' --data $(DATA)"
	@echo "  curl 'http://127.0.0.1:$(PORT)/entities?q=cluster'      (API docs: http://127.0.0.1:$(PORT)/docs,"
	@echo "  query page: http://127.0.0.1:$(PORT)/, view: http://127.0.0.1:$(PORT)/view)"
	@echo "Serving the API now (Ctrl-C stops it; the store is free again afterwards):"
	$(BIN)/stakegraph serve --data $(DATA) --port $(PORT)

# Browser tests drive Debian's chromium (headless); install it when it is missing.
browser:
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

lint: setup
	$(BIN)/ruff check .

test: setup lint browser
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/extraction.py

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache .ruff_cache .hypothesis
