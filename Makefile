# One command to set up and run the app on a demo village, one to set up and run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench catalogs clean dist-linux check-dist

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -c 'import sys; sys.exit("CarePoint needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=77" wheel
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	sh tools/system-deps.sh
	$(BIN)/carepoint gui --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# A worker ended by the 5-minute test timeout is not replaced: the run stops and says which test
# hung, instead of waiting for work the replacement would never get.
test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --durations=15 -n auto --dist loadfile \
		--max-worker-restart 0 --deselect tests/ui/safety/test_auto_backup.py
	# The clean-close fingerprint reads the data file's state (size, time, -wal); run alone, so
	# no connection another test left open on a worker thread can move it.
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/ui/safety/test_auto_backup.py
	PYTHON=$(BIN)/python tools/shifted-clock-tests

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

catalogs: $(STAMP)
	$(BIN)/python tools/i18n.py extract

# Installers (packaging/README.md): the bundle and .deb are built on Python 3.12+ in
# packaging/.venv-build; check-dist installs the .deb here (root), uses it, times it, removes it.
dist-linux:
	packaging/build-linux

check-dist:
	packaging/check-deb

clean:
	rm -rf $(VENV) build *.egg-info
