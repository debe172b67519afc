# Two commands on a fresh machine with Python 3.11+:
#   make run   - set everything up and open the app on the demo contest
#   make test  - set everything up and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run qt-runtime test bench clean i18n screenshots guide-screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "judge_app needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP) qt-runtime
	-$(BIN)/judge-app --db .demo/demo.sqlite demo --replace  # refused (and kept) once the demo was changed
	$(BIN)/judge-app --db .demo/demo.sqlite gui

# Qt's system libraries: installed with apt-get when root, else the command to run is printed
qt-runtime:
	@sh build_spec/qt-runtime.sh

# refresh the translation source from the code (translations are compiled when the app starts)
i18n: $(STAMP)
	$(BIN)/pyside6-lupdate judge_app/gui/*.py judge_app/stage/console.py judge_app/stage/controller.py -ts resources/i18n/judge_app_en.ts

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots docs/screenshots

# every picture of the user guide (docs/guide/img/), from the real app
guide-screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.guide_screenshots docs/guide/img

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .demo .pytest_cache .hypothesis
