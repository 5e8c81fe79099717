"""Run an addon's at_install tests against a fully loaded registry.

``odoo --test-tags=/helpdesk_mgmt`` runs helpdesk_mgmt's tests (at_install, as
OCA tags them) while the registry is only loaded up to helpdesk_mgmt, so on a
database where modules loaded later add required columns (account's
``res_partner.autopost_bills``...) every ``create`` fails before any test
starts. This runs them once every installed module is loaded: OCA's tests with
our modules installed, as a user's database has them.

    .venv/bin/python tools/run_addon_tests_loaded.py -d <db> --addons-path=addons helpdesk_mgmt
"""

import sys

import odoo
from odoo.tests.loader import make_suite, run_suite


def main():
    args = sys.argv[1:]
    module = args.pop()
    odoo.tools.config.parse_config(args)
    dbname = odoo.tools.config["db_name"]
    odoo.service.server.load_server_wide_modules()
    odoo.modules.registry.Registry.new(dbname)  # every installed module loaded, no test run yet
    odoo.tools.config["test_enable"] = True
    odoo.tools.config["test_tags"] = f"/{module}"
    server = odoo.service.server.ThreadedServer(odoo.http.root)
    server.http_spawn()  # for HttpCase and tours
    odoo.service.server.server = server
    failed = 0
    for position in ("at_install", "post_install"):
        result = run_suite(make_suite([module], position))
        bad = result.failures_count + result.errors_count
        passed = result.testsRun - bad - result.skipped
        # the line tools/odoo_suite.py reads
        counts = f"{passed} passed, {bad} failed, {result.skipped} skipped"
        print(f"{module} ({position} tests, all modules loaded): {counts}")
        failed += not result.wasSuccessful()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
