# stakegraph: `make run` builds the bundled example and shows how to explore it; `make test` runs the tests.
# Both create .venv and install what they need on a fresh machine (Python 3.11+).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= stakegraph-data
EXAMPLE := examples/corpus

.PHONY: run setup test lint bench clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

setup: $(BIN)/.installed

run: setup
	$(BIN)/stakegraph build $(EXAMPLE) --data $(DATA)
	$(BIN)/stakegraph validate --data $(DATA)
	@echo
	@echo "The graph is in $(DATA)/ (embedded Oxigraph store). Try:"
	@echo "  $(BIN)/stakegraph stats --data $(DATA)"
	@echo "  $(BIN)/stakegraph query 'SELECT ?person ?org WHERE { ?p sg:holdsRoleAt ?o ; rdfs:label ?person . ?o rdfs:label ?org }' --data $(DATA)"
	@echo "  $(BIN)/stakegraph export --format trig --data $(DATA) --out graph.trig"

lint: setup
	$(BIN)/ruff check .

test: setup lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/extraction.py

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache .ruff_cache .hypothesis
