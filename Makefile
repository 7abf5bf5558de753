# sessionctl.windows developer commands. The README names two of them:
#   make install   ansible-core alone (no C#, test or lint toolchain) + build and install the collection, list its plugins
#   make test      every test layer, installing what they need; ends with "N passed, N failed"
# Fast loops, each one layer of make test (tools/test_all.sh, SESSIONCTL_LAYERS), with the same totals:
#   make unit      pytest (tests/unit)
#   make csharp    the C# layer: C# 5 gate, each module's Add-Type compile, NUnit (tests/csharp over the C fakes)
#   make sanity    ansible-test sanity on both ansible-core passes
#   make lint      ps_check (PowerShell + $spec/docs), ansible-lint, antsibull-docs, antsibull-changelog, zizmor
SHELL := /bin/bash
VENV ?= $(CURDIR)/.venv
COLLECTIONS_DIR ?= $(HOME)/.ansible/collections
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := dist/sessionctl-windows-$(VERSION).tar.gz

.PHONY: install bootstrap bootstrap-install build test unit csharp sanity lint bench catalog clean docs workflows

bootstrap:
	tools/bootstrap.sh test

bootstrap-install:
	tools/bootstrap.sh install

# The tarball carries the C# utils in their shipped form (tools/cs_ship.py): no indentation or
# whole-line comments, every line in place. The repository keeps the documented source.
build: bootstrap-install
	$(VENV)/bin/python tools/build_collection.py dist

install: build
	$(VENV)/bin/ansible-galaxy collection install --force -p $(COLLECTIONS_DIR) $(TARBALL)
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_DIR) $(VENV)/bin/ansible-doc -t module -l sessionctl.windows
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_DIR) $(VENV)/bin/ansible-doc -t filter -l sessionctl.windows
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_DIR) $(VENV)/bin/ansible-doc -t role -l sessionctl.windows

test: bootstrap
	tools/test_all.sh

unit csharp sanity lint workflows: bootstrap
	SESSIONCTL_LAYERS=$@ tools/test_all.sh

bench:
	tools/bench.sh

catalog:
	$(VENV)/bin/python tools/gen_error_catalog.py

clean:
	rm -rf dist build tests/output

# The docsite: the collection built and installed into a temporary collections dir, a Sphinx project
# from `antsibull-docs sphinx-init`, its requirements installed into .venv (pinned by
# requirements-docs.txt), then its build.sh. HTML lands in build/docs/build/html.
DOCS_DIR := $(CURDIR)/build/docs
DOCS_TMP := $(CURDIR)/build/docs-collection
docs:
	rm -rf $(DOCS_DIR) $(DOCS_TMP)
	mkdir -p $(DOCS_TMP)
	mkdir -m 700 $(DOCS_DIR)
	$(VENV)/bin/python tools/build_collection.py $(DOCS_TMP)/dist
	$(VENV)/bin/ansible-galaxy collection install --force -p $(DOCS_TMP)/collections \
		$(DOCS_TMP)/dist/sessionctl-windows-$(VERSION).tar.gz
	PATH=$(VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(DOCS_TMP)/collections \
		$(VENV)/bin/antsibull-docs sphinx-init --use-current --dest-dir $(DOCS_DIR) sessionctl.windows
	$(VENV)/bin/pip install -q -r $(DOCS_DIR)/requirements.txt -c requirements-docs.txt
	$(VENV)/bin/python tools/docs_inventories.py $(DOCS_DIR)
	PATH=$(VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(DOCS_TMP)/collections $(DOCS_DIR)/build.sh
	test -s $(DOCS_DIR)/build/html/collections/sessionctl/windows/rds_logoff_module.html
	test -s $(DOCS_DIR)/build/html/collections/sessionctl/windows/drain_role.html
	@echo "docsite: $(DOCS_DIR)/build/html/index.html"
