# Thin wrapper: the README's two commands. Everything real is in CMake and scripts/.
#   make demo   install deps, build, run Vigil's main job on the embedded broker + bundled sample feed
#   make test   install deps, build, run every test (unit, integration, e2e) and the sanitizer unit tests
JOBS ?= 2

.PHONY: deps build demo test test-asan bench fuzz clean

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j$(JOBS)

demo: build
	@bash scripts/demo.sh

test: build
	@bash scripts/test.sh

test-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j$(JOBS)
	@ctest --preset asan-unit -j$(JOBS)

bench: build
	@bash bench/run.sh

clean:
	rm -rf build
