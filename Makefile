# GSI-KG task file. `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
GSIKG := $(VENV)/bin/gsi-kg
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.DEFAULT_GOAL := help
# Debian packages, installed only when missing, for the tests: a Java runtime for the HermiT
# reasoner (owlready2), Chromium + ChromeDriver, a CJK font, Tesseract; wrk for the benchmarks.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define apt_install
	@need=""; for pair in $(1); do cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null || need="$$need $$pkg"; done; \
	if [ -n "$$need" ]; then echo "installing Debian packages:$$need"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  $(SUDO) apt-get install -y -qq --no-install-recommends $$need >/dev/null; fi
endef

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# What serving needs: the package and the front-end libraries.
$(RUNTIME): pyproject.toml package-lock.json
	test -d $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# What developing needs besides: test, lint and benchmark tools.
$(DEV): $(RUNTIME)
	$(PIP) install -q -e '.[dev]'
	touch $@

setup: $(RUNTIME) ## Create .venv with what building and serving need (Python and npm packages)

setup-dev: $(DEV) ## setup + the development tools (pytest, ruff, mypy, Playwright …)

setup-test: setup-dev ## setup-dev + system packages the tests need (Chromium, a CJK font, Tesseract, a JDK)
	$(call apt_install,java:default-jre-headless)
	$(call apt_install,chromium:chromium chromedriver:chromium-driver)
	@# OCR of scanned PDFs (optional for users, tested): Tesseract with its Chinese data.
	@tesseract --list-langs 2>/dev/null | grep -qx chi_sim || { \
	  echo "installing Debian packages: tesseract-ocr tesseract-ocr-chi-sim"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install \
	  -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-chi-sim >/dev/null; }
	@# The PDFs the tests print with Chromium need a font with Chinese glyphs.
	@fc-list :lang=zh | grep -q . || { echo "installing Debian packages: fonts-wqy-microhei"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  $(SUDO) apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null; }

run: setup ## Set up, build the graph from corpus/ and serve it on http://127.0.0.1:8000/
	$(GSIKG) build
	$(GSIKG) serve

build: setup ## Build the graph into build/ (atomically replaces the served store)
	$(GSIKG) build

serve: setup ## Serve build/ (builds first if there is no store)
	$(GSIKG) serve

lint: setup-dev ## ruff (lint and format check) and mypy
	$(VENV)/bin/ruff check $(wildcard kg endpoint tests bench)
	$(VENV)/bin/ruff format --check $(wildcard kg endpoint tests bench)
	$(VENV)/bin/mypy kg endpoint

test: setup-test lint ## Everything CI runs: lint, the whole test suite, extraction quality gate
	$(VENV)/bin/pytest
	$(GSIKG) evaluate --no-details

bench: setup-dev ## Benchmark: build by corpus size, start-up, endpoint vs oxigraph serve and rdflib-endpoint (BENCH_ARGS=...)
	$(call apt_install,wrk:wrk)
	$(PY) -m bench.run --readme $(BENCH_ARGS)

bench-smoke: setup-dev ## The benchmark at its smallest size (1× corpus, concurrency 1; under a minute)
	$(VENV)/bin/pytest tests/test_bench_smoke.py

soak: setup-dev ## Reliability soak: 32 clients × 60 s; with rebuilds; killed builds; stalled uploads, hungry and saturating queries
	$(PY) -m bench.soak --clients 32 --seconds 60
	$(PY) -m bench.soak --clients 32 --seconds 60 --rebuild-every 3
	$(PY) -m bench.soak --clients 16 --seconds 60 --kill-builds 25
	$(PY) -m bench.soak --clients 32 --seconds 60 --stalled 256 --hungry --saturate

.PHONY: help setup setup-dev setup-test run build serve lint test bench bench-smoke soak
