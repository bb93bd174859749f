# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
ARGS   ?=

.PHONY: run test lint export screenshot bench soak clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-install only when the project's metadata changes.
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(VENV)/bin/summit-timeline $(ARGS)

# The README's pictures: drawn by the export command from data/events.json, never by hand.
# SOURCE_DATE_EPOCH: dated by the last commit of the data, so a rerun changes no byte.
export: $(VENV)/.installed-run
	mkdir -p docs
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct -- data/events.json 2>/dev/null || echo 0); export SOURCE_DATE_EPOCH; \
	for format in png svg html; do \
		$(VENV)/bin/summit-timeline export -o docs/timeline.$$format --width 1600 --legend full || exit 1; \
	done

# Two workers: the suite is CPU-bound and this project's machines have two cores.
test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2 $(ARGS)

# ruff for style, import-linter for the layer boundaries (contracts in pyproject.toml), mypy for types.
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# The README's screenshots: the window, grabbed by the test that checks its pixels, and a timeline built in it.
screenshot: $(VENV)/.installed-test
	UPDATE_SCREENSHOT=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/app/test_main_window.py -k screenshot
	QT_QPA_PLATFORM=offscreen $(PY) docs/build_screenshot.py docs/build.png

# Issue 5's benchmark: every size in a fresh process; writes docs/bench.md (a few minutes).
bench: $(VENV)/.installed-run
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.bench run

# Issue 7's soak: 10,000 seeded random actions on the window (SOAK_SEED picks another run; minutes).
soak: $(VENV)/.installed-test
	SOAK_ACTIONS=10000 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/app/test_soak.py -p no:randomly

clean:
	rm -rf $(VENV) build dist .pytest_cache
