# The customer-messaging suite for Odoo 18. Every target uses the interpreter chosen by
# tools/find-python.sh (override: make PYTHON=/path/to/python ...).
PYTHON ?= $(shell sh tools/find-python.sh)
ODOO_DB ?= customer_messaging_demo
ODOO_PORT ?= 8069
SMTP_PORT ?= 2525

ODOO_TEST_DB ?= cm_dev

.PHONY: setup test test-pure test-odoo test-fast demo lint bench bench-e2e dist clean

setup:
	sh tools/setup.sh

test:
	sh tools/test.sh

test-pure:
	$(PYTHON) -m pytest tests -q

test-odoo:
	$(PYTHON) tools/odoo_suite.py

# the fast loop: pytest-odoo on a database that already has the addons installed and
# up to date (python -m odoo -d $(ODOO_TEST_DB) --addons-path=addons -u customer_messaging --stop-after-init)
test-fast:
	$(PYTHON) -m pytest -p odoo -o addopts="" --odoo-database=$(ODOO_TEST_DB) \
		--odoo-addons-path=$$($(PYTHON) -c 'import odoo, os; print(os.path.join(os.path.dirname(odoo.__file__), "addons"))'),$(CURDIR)/addons \
		addons $(ARGS)

demo:
	$(PYTHON) tools/demo.py --db $(ODOO_DB) --port $(ODOO_PORT) --smtp-port $(SMTP_PORT)

# OCA's toolchain at pinned versions (.pre-commit-config.yaml): ruff, pylint-odoo, OCA's
# addon and translation checks, prettier for XML, mypy, the addons' README.rst
lint:
	PATH="$(dir $(PYTHON)):$$PATH" $(PYTHON) -m pre_commit run --all-files --show-diff-on-failure

bench:
	$(PYTHON) bench/run.py

# the engine and every addon as wheels in dist/, as OCA builds them (whool); see tools/dist.py
dist:
	$(PYTHON) tools/dist.py

# from Send to the SMTP server, on a server run as in production (see README, Benchmarks)
bench-e2e:
	$(PYTHON) bench/end_to_end.py $(ARGS)

clean:
	rm -rf var dist .pytest_cache .ruff_cache .hypothesis
