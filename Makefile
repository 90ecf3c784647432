# Labor Tension Map — set-up, run and test in one place.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: install install-dev run demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## install: the app's packages and its offline map assets
install: $(VENV)/.installed
	$(BIN)/python cli.py assets

## install-dev: install plus the test tools
install-dev: install $(VENV)/.installed-dev

## run: install, create the synthetic demo data on first run, start the app
run: install
	$(BIN)/python cli.py demo --if-empty
	$(BIN)/streamlit run serve.py --server.port $(PORT)

## demo: recreate the synthetic demo data set
demo: install
	$(BIN)/python cli.py demo

## test: install and run the whole test suite
test: install-dev
	$(BIN)/python -m pytest -n 2 --dist loadgroup

## lint: ruff over the project
lint: install-dev
	$(BIN)/ruff check .

## bench: every benchmark at national scale; writes benchmarks/results.json
bench: install-dev
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) static/vendor data/cache
