# The README's two commands are `make serve` and `make test`; the rest are helpers.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve test install install-gallery install-dev system-deps lint bench bench-servers clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Runtime install: wsgikit has no dependencies beyond the standard library.
install: $(PY)
	$(PY) -m pip install --quiet -e .

# The gallery shows each exercise's Flask twin beside the other two forms, and
# highlights sources with Pygments: both optional, and installed for `make serve`.
install-gallery: $(PY)
	$(PY) -m pip install --quiet -e '.[gallery]'

# Everything the tests, the comparisons and the benchmarks use. uWSGI has no wheel
# on PyPI: build-deps.sh checks for (or, as root, installs) a C compiler and Python.h.
install-dev: $(PY) system-deps
	@bash scripts/build-deps.sh $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'

# nginx, chromium and chromium-driver come from Debian's packages; only root can
# install them, others skip the tests that need them.
system-deps:
	@bash scripts/system-deps.sh

serve: install-gallery
	$(PY) -m wsgikit.serve --host $(HOST) --port $(PORT)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m mypy

test: install-dev lint
	$(PY) -m pytest

# In process, about a minute each: saves each run in docs/bench-*.json and writes its
# tables into README.md between their marker comments (tests/test_bench_docs.py checks
# that they agree)
bench: install-dev
	$(PY) benchmarks/routing.py --save docs/bench-routing.json --readme README.md
	$(PY) benchmarks/bodies.py --save docs/bench-bodies.json --readme README.md

# uWSGI, gunicorn, nginx and Redis on loopback, measured by wrk (Debian's wrk, nginx and
# redis-server; system-deps installs them), then the longest request each server answers
# and who keeps answering while slow clients trickle in (benchmarks/limits.py, a few
# minutes): saves every run in docs/bench-*.json, draws docs/bench-*.png, and writes the
# tables into README.md (limits: docs/deploying.md) between their marker comments
# (tests/test_bench_docs.py checks that they agree)
bench-servers: install-dev
	$(PY) benchmarks/servers.py --save docs/bench-servers.json --chart docs/bench-servers.png \
		--readme README.md
	$(PY) benchmarks/two_hosts.py --save docs/bench-two-hosts.json \
		--chart docs/bench-two-hosts.png --readme README.md
	$(PY) benchmarks/limits.py --save docs/bench-limits.json --readme docs/deploying.md

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
