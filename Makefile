# Every target sets up .venv from requirements.txt on its own, so each works on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEVSTAMP := $(VENV)/.installed-dev-stamp

LEARNER_DIR := my_notebooks

.PHONY: help venv dev book test bench lab instructor student hub clean

help:
	@echo "make book     build the site into _build/html"
	@echo "make test     run every test (unit, notebooks, learner copies, browser)"
	@echo "make lab      open your learner copies (my_notebooks/) in JupyterLab"
	@echo "make instructor  open the chapters WITH their solutions (book/) in JupyterLab, RISE to present them"
	@echo "make student  write learner copies without solutions into _build/student"
	@echo "make bench    run the benchmarks (training speed, widget latency)"
	@echo "make hub      a JupyterHub for a class on this machine: students pull the chapters with nbgitpuller"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

# The tests also need PyTorch, the reference nnlib is compared against (requirements-dev.txt).
$(DEVSTAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(DEVSTAMP)

dev: $(DEVSTAMP)

# The site loads no file from another host: MathJax, require.js and the ipywidgets HTML manager are fetched
# at pinned versions from the npm registry (needs npm) into _build/site_assets, then copied into the site.
# jupyter-cache re-executes a chapter only when its code cells change; outputs also depend on nnlib and the
# pinned packages, so the cache is emptied when those change.
book: venv _build/.nnlib-stamp
	$(PY) tools/fetch_assets.py
	$(VENV)/bin/jupyter-book build . --warningiserror --keep-going
	$(PY) tools/slides.py build

# Sphinx re-reads only pages whose source changed, so the saved doctrees go too: every chapter is read and
# executed again with the new nnlib and the explorers' new JS (stored in each page's widget state).
_build/.nnlib-stamp: $(shell find nnlib -name '*.py' -o -name '*.js' -o -name '*.css' 2>/dev/null) requirements.txt
	rm -rf _build/.jupyter_cache _build/.doctrees
	mkdir -p _build && touch $@

student: venv
	$(PY) tools/make_student.py book _build/student

# The grading-cycle test writes each chapter's points, scores and autograde time to _build/grading_summary.txt;
# --durations lists the slowest tests, to keep CI's time in view. TEST_WORKERS processes (pytest-xdist) share the
# test files, each file whole to one of them (--dist loadfile): nbval runs a notebook's cells in order in one
# kernel, and a module's hub, server or browser starts once. TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= 2
test: dev book student
	GRADING_SUMMARY=_build/grading_summary.txt $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=15

bench: dev
	$(PY) benchmarks/train_digits.py
	$(PY) benchmarks/widget_latency.py
	$(PY) benchmarks/notebook_times.py

# make lab [PORT=8888] [DIR=my_notebooks]
# The learner's path: learner copies (exercises to fill in, no solutions) in my_notebooks/. The first run
# writes them; later runs add only chapters that are new and never overwrite a notebook you worked on.
# The solved chapters open on purpose: `make instructor` (or `make lab DIR=book`).
lab: PORT ?= 8888
lab: DIR ?= $(LEARNER_DIR)
lab: venv
	$(if $(filter $(LEARNER_DIR),$(DIR)),$(PY) tools/make_student.py --keep book $(LEARNER_DIR))
	@$(VENV)/bin/jupyter labextension list 2>&1 | grep -q "jupyterlab-manager.*enabled" || \
	  { echo "ipywidgets' JupyterLab extension is not active: the sliders would not move"; exit 1; }
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=$(DIR) --port=$(PORT) $(if $(filter 0,$(shell id -u)),--allow-root)

# The solved chapters, and RISE (jupyterlab-rise) to present one as slides with a live kernel: open a chapter,
# then Alt+R (or the "Render as slideshow" toolbar button). The static decks are _build/html/slides/*.html.
instructor: venv
	@$(VENV)/bin/jupyter labextension list 2>&1 | grep -q "jupyterlab-rise.*enabled" || \
	  { echo "jupyterlab-rise is not active: pip install -r requirements.txt"; exit 1; }
	@echo "To present a chapter: open it, then press Alt+R (RISE). Space and the arrow keys step through."
	$(MAKE) lab DIR=book

# make hub [PORT=8000] [IP=0.0.0.0]: JupyterHub for a class on this machine (tools/hub/launch.py; needs node + npm
# for configurable-http-proxy, installed from tools/hub/package-lock.json). Prints the passwords and chapter links.
hub: venv
	$(PY) tools/hub/launch.py $(if $(PORT),--port $(PORT)) $(if $(IP),--ip $(IP))

clean:
	rm -rf _build
