# sessionctl.windows developer commands. The README names two of them:
#   make install   toolchain + build and install the collection, list its plugins
#   make test      every test layer; ends with "N passed, N failed"
SHELL := /bin/bash
VENV ?= $(CURDIR)/.venv
COLLECTIONS_DIR ?= $(HOME)/.ansible/collections
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := dist/sessionctl-windows-$(VERSION).tar.gz

.PHONY: install bootstrap build test bench catalog clean

bootstrap:
	tools/bootstrap.sh

build: bootstrap
	$(VENV)/bin/ansible-galaxy collection build --force --output-path dist

install: build
	$(VENV)/bin/ansible-galaxy collection install --force -p $(COLLECTIONS_DIR) $(TARBALL)
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_DIR) $(VENV)/bin/ansible-doc -t module -l sessionctl.windows
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_DIR) $(VENV)/bin/ansible-doc -t filter -l sessionctl.windows
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_DIR) $(VENV)/bin/ansible-doc -t role -l sessionctl.windows

test: bootstrap
	tools/test_all.sh

bench:
	tools/bench.sh

catalog:
	$(VENV)/bin/python tools/gen_error_catalog.py

clean:
	rm -rf dist build tests/output
