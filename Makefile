# Two commands set up everything on a fresh machine: `make run` and `make test`.
# The pip cache and the embedding model live in the user cache (~/.cache), outside the clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install model index run serve browser formats formats-optional test test-fast eval bench bench-variants lint format clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

model: install
	$(BIN)/baocao models fetch

index: model
	$(BIN)/baocao ingest data/reports

run: formats-optional index
	GRADIO_ANALYTICS_ENABLED=False $(BIN)/baocao serve

serve: run

# The UI's browser test drives Debian's chromium; installed once per machine (root or sudo).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "Cần chromium cho kiểm thử giao diện: chạy 'apt-get install chromium' với quyền root."; exit 1; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

# Scanned PDFs (Tesseract with its Vietnamese model) and Word 97-2003 .doc files (LibreOffice): Debian
# packages, installed once per machine (root or sudo). `make test` needs them; `make run` goes on
# without them and `baocao` says which formats stay unavailable.
FORMAT_PACKAGES := tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui
formats:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie \
	  && command -v soffice >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo; \
	else echo "Cần Tesseract (tiếng Việt) và LibreOffice để đọc bản scan và tệp .doc: chạy 'apt-get install $(FORMAT_PACKAGES)' với quyền root."; exit 1; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(FORMAT_PACKAGES)

formats-optional:
	@$(MAKE) --no-print-directory formats || echo "Tiếp tục không có bản scan và .doc: 'baocao ingest' sẽ từ chối các tệp đó và nói cách bổ sung."

# Every test, the slow ones with the real model, the browser test and the evaluation gate included.
test: model browser formats
	$(BIN)/python -m pytest

# Unit tests only (fake embedder): seconds.
test-fast: install
	$(BIN)/python -m pytest -m "not slow"

eval: index
	$(BIN)/baocao eval

# Figures, not pass/fail: warm latency on the bundled reports beside the bare query embedding, then
# ingest, re-ingest, latency, cold start, memory and index size at 5, 50 and 500 generated reports.
bench: index
	$(BIN)/python -m bench.retrieval_latency
	$(BIN)/python -m bench.scale
	$(BIN)/python -m bench.formats

# The sequence-length limit and int8 weights judged by the evaluation set (about 5 minutes a variant).
bench-variants: model
	$(BIN)/python -m bench.embedder_variants

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .baocao .pytest_cache test-artifacts
