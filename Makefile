# make demo: the main job end to end. make test: the test suite. Both set up everything they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

MAP_JS := service/web/static/map/map.js

.PHONY: demo test fuzz soak lint neo4j install web system-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(STAMP)

# The map page's bundle, from the npm lock file (no CDN at run time).
$(MAP_JS): web/package.json web/package-lock.json $(wildcard web/src/*.js)
	cd web && npm ci --no-fund --no-audit --loglevel=error && npm run build --silent
web: $(MAP_JS)

# Java + Maven from Debian if missing, then Neo4j, GDS and APOC from Maven Central (cached).
neo4j: $(STAMP) system-deps
	$(BIN)/influence-map db install

system-deps:
	scripts/system-deps.sh

demo: neo4j web
	$(BIN)/influence-map demo

# Tests run in a random order: pytest-randomly prints the seed; `--randomly-seed=N` repeats one.
test: neo4j web
	$(BIN)/pytest

# The fuzzers long: at least 500 generated examples per API operation and per loader format.
fuzz: neo4j web
	$(BIN)/pytest -p no:randomly tests/test_api_schemathesis.py tests/test_loader_fuzz.py --fuzz-examples=500

# 32 clients for 10 minutes against `influence-map serve` on the demo market (bench/soak.py).
soak: neo4j
	$(BIN)/python bench/soak.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Every bench command (a file with a __main__ block) but the soak, which has its own target;
# the helper modules (common, fast_peer, market_answers, memory) are not commands.
bench: neo4j
	@for b in $(filter-out bench/soak.py,$(shell grep -l '__name__ == "__main__"' bench/*.py)); do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
