# Two commands a newcomer needs: `make release` and `make test`.
# Both create .venv and install the hash-pinned lock once (a stamp file makes it idempotent).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install release test test-all lint lock bench clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	$(BIN)/python -m compileall -q declaration  # as a wheel's install does: no compiling at each start
	touch $@

release: $(STAMP)
	$(BIN)/declaration build
	$(BIN)/declaration deposit
	$(BIN)/declaration publish --out build

test: $(STAMP)
	$(BIN)/python -m pytest

# Every test, none skipped: installs the system tools and npm clients the skipped tests need
# (Debian or Ubuntu; apt-get as root or through sudo), then runs them all as CI does
# (CI=true: a missing tool, or ../shared missing beside the clone, fails instead of skipping).
test-all: $(STAMP)
	bash scripts/test-tools.sh
	CI=true $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check declaration tests scripts
	$(BIN)/ruff format --check declaration tests scripts
	$(BIN)/mypy

# Time and memory of each stage (figures, not pass/fail).
bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py

# Re-pin every dependency (with hashes) after a change to pyproject.toml; needs the network.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	echo "setuptools>=75" | $(BIN)/uv pip compile pyproject.toml - --extra test --generate-hashes \
		--python-version 3.11 --no-header -o requirements.lock

clean:
	rm -rf build $(VENV)
