# Two entry points: `make demo` and `make test`. Both create their own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SCENARIO ?= scenarios/2022-11-02-sokcho.yaml
OUT ?= out

.PHONY: demo test lint typecheck pytest bench clean package-check

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# compiled modules, as a plain `pip install .` leaves them (also under PYTHONDONTWRITEBYTECODE)
	$(BIN)/python -m compileall -q airspace
	touch $@

demo: $(BIN)/.installed
	$(BIN)/airspace run $(SCENARIO) -o $(OUT)

lint: $(BIN)/.installed
	$(BIN)/ruff check airspace tests examples bench tools
	$(BIN)/ruff format --check airspace tests examples bench tools

typecheck: $(BIN)/.installed
	$(BIN)/mypy

pytest: $(BIN)/.installed
	$(BIN)/pytest

test: lint typecheck pytest

bench: $(BIN)/.installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info

# A plain `pip install .` (not editable) into a fresh environment must work with its data files.
PKG_VENV := build/pkgcheck
package-check:
	rm -rf $(PKG_VENV)
	$(PYTHON) -m venv $(PKG_VENV)
	$(PKG_VENV)/bin/python -m pip install --quiet .
	cd /tmp && $(CURDIR)/$(PKG_VENV)/bin/airspace where "57 km east of Sokcho" --json \
		| $(CURDIR)/$(PKG_VENV)/bin/python -c "import json,sys; d=json.load(sys.stdin); assert abs(d['lat']-38.2052)<1e-3 and abs(d['lon']-129.2426)<1e-3, d; print('package-check: where ok')"
	cd /tmp && $(CURDIR)/$(PKG_VENV)/bin/airspace validate $(CURDIR)/$(SCENARIO)
	rm -rf $(CURDIR)/$(PKG_VENV)-out
	cd /tmp && $(CURDIR)/$(PKG_VENV)/bin/airspace run $(CURDIR)/$(SCENARIO) --offline -q \
		-o $(CURDIR)/$(PKG_VENV)-out
	test -s $(CURDIR)/$(PKG_VENV)-out/map.html && test -s $(CURDIR)/$(PKG_VENV)-out/notams.txt
	@echo "package-check: run ok"
