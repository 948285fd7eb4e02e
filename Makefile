# make run   - set up .venv and serve the bot with gunicorn on 127.0.0.1:8000 (SQLite by default), with the
#              settings of gunicorn.conf.py; HOST, PORT and WORKERS override them (make run PORT=8080 WORKERS=4)
# make test  - set up .venv with the test extras and run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?=

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT) $(if $(WORKERS),--workers $(WORKERS))

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
