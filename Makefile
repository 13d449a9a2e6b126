# The one command surface of rustybt-native; CI (.ci/run) calls `make test`.
# Only Rust, Python 3 and network access to crates.io/PyPI are assumed.

PYTHON ?= python3
VENV := .venv
VENV_PY := $(VENV)/bin/python
STAMP := $(VENV)/.deps-installed
# pyo3 builds against the venv's interpreter, whatever `python3` is on PATH.
export PYO3_PYTHON := $(abspath $(VENV_PY))
# Keep glibc's freed memory for reuse while benchmarking (see benches/README in docs/performance).
BENCH_ENV := MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824
RUST_SOURCES := $(shell find crates py-bindings -name '*.rs' -o -name Cargo.toml) Cargo.toml Cargo.lock
NATIVE_STAMP := $(VENV)/.native-built

.PHONY: help venv develop build test test-rust test-python bench-smoke lint fmt bench bench-full rust-bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --upgrade pip
	$(VENV_PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP) ## create .venv with the pinned dev dependencies

BENCH_STAMP := $(VENV)/.bench-deps-installed
$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(VENV_PY) -m pip install --quiet -r requirements-bench.txt
	touch $(BENCH_STAMP)

$(NATIVE_STAMP): $(STAMP) $(RUST_SOURCES) pyproject.toml
	$(VENV)/bin/maturin develop --release --quiet
	touch $(NATIVE_STAMP)

develop: $(STAMP) ## build the extension in release mode into .venv (editable install)
	$(VENV)/bin/maturin develop --release --quiet
	touch $(NATIVE_STAMP)

build: $(STAMP) ## build the abi3 wheel into target/wheels
	$(VENV)/bin/maturin build --release

lint: $(STAMP) ## rustfmt check, clippy, rustdoc links, ruff, mypy
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace --exclude rustybt-native --quiet
	$(VENV)/bin/ruff check python tests benches tools examples
	$(VENV)/bin/ruff format --check python tests benches tools examples
	$(VENV)/bin/mypy

fmt: $(STAMP) ## format Rust and Python
	cargo fmt --all
	$(VENV)/bin/ruff format python tests benches tools examples
	$(VENV)/bin/ruff check --fix python tests benches tools examples

test-rust: $(STAMP) ## cargo test of every crate (unit tests and doctests)
	cargo test --workspace

test-python: $(NATIVE_STAMP) ## pytest, both backends
	$(VENV_PY) -m pytest -q tests
	$(VENV_PY) -m pytest -q --doctest-modules python/rustybt_native -p no:cacheprovider
	$(VENV_PY) -m mypy.stubtest rustybt_native._native --concise

bench-smoke: $(NATIVE_STAMP) ## a short timed run that fails on gross breakage (part of make test)
	$(BENCH_ENV) $(VENV_PY) -m benches --profile smoke --no-progress

test: lint test-rust test-python bench-smoke ## everything CI runs: lint, Rust and Python tests on both backends, smoke bench

bench: $(NATIVE_STAMP) $(BENCH_STAMP) ## the benchmark report (quick profile)
	$(BENCH_ENV) $(VENV_PY) -m benches --profile quick

bench-full: $(NATIVE_STAMP) $(BENCH_STAMP) ## the benchmark report (full profile)
	$(BENCH_ENV) $(VENV_PY) -m benches --profile full

rust-bench: ## criterion benches of the core crates
	cargo bench

clean: ## remove build outputs and the venv
	cargo clean
	rm -rf $(VENV) benches/results dist
