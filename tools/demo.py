"""make demo: a database with the suite's addons and demo data, served on
http://localhost:8069. SMS go to the sandbox provider (nothing is sent) and outgoing
mail to a local SMTP server (aiosmtpd) that keeps each message in var/mail/.

Usage: python tools/demo.py [--db NAME] [--port 8069] [--smtp-port 2525] [--reset]
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
ADDONS = TOP / "addons"
MAILDIR = TOP / "var" / "mail"


class SinkHandler:
    """aiosmtpd handler: keep each message as an .eml file and say so."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        MAILDIR.mkdir(parents=True, exist_ok=True)
        name = MAILDIR / f"{time.strftime('%Y%m%d-%H%M%S')}-{time.monotonic_ns()}.eml"
        name.write_bytes(envelope.content)
        message = message_from_bytes(envelope.content, policy=default_policy)
        print(f"smtp: to {', '.join(envelope.rcpt_tos)}: {message['subject']} -> {name.relative_to(TOP)}", flush=True)
        return "250 Message accepted for delivery"


# documents the demo notification rules are about (sale orders, CRM leads), and Odoo's
# demo payment provider (payments that charge nobody: a reminder's "Pay" can be tried)
DEMO_DOCUMENT_MODULES = ["sale_management", "crm", "payment_demo"]


def installable_addons() -> list[str]:
    """The demo's apps and every addon this Odoo can install (a bridge to a module it
    lacks, such as sms_twilio in Odoo builds before mid-2025, is left out, and said)."""
    from odoo_suite import missing_odoo_modules  # the same test as make test's

    names = list(DEMO_DOCUMENT_MODULES)
    for manifest in sorted(ADDONS.glob("*/__manifest__.py")):
        name = manifest.parent.name
        if not ast.literal_eval(manifest.read_text()).get("installable", True):
            continue
        if missing := missing_odoo_modules(name):
            print(f"demo: {name} left out: this Odoo has no {', '.join(missing)}", flush=True)
            continue
        names.append(name)
    return names


def odoo_args(db: str, command: str = "server") -> list[str]:
    return [sys.executable, "-m", "odoo", command, "--database", db, f"--addons-path={ADDONS}"]


def database_exists(db: str) -> bool:
    out = subprocess.run(
        ["psql", "-Atqc", "SELECT datname FROM pg_database", "postgres"],
        capture_output=True,
        text=True,
        check=False,
    )
    return db in out.stdout.split()


def module_installed(db: str, name: str) -> bool:
    out = subprocess.run(
        ["psql", "-Atqc", f"SELECT state FROM ir_module_module WHERE name = '{name}'", db],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() == "installed"


SETUP_CODE = """
company = env.ref('base.main_company')
company.messaging_sms_provider_mode = 'own'
env['ir.config_parameter'].set_param('web.base.url', 'http://localhost:{port}')
# a French office user, as the suite's users are (French is loaded with the database)
french = env['res.lang'].with_context(active_test=False).search([('code', '=', 'fr_FR')])
if not french.active:
    env['base.language.install'].create({{'lang_ids': [(6, 0, french.ids)]}}).lang_install()
# English stays active beside it (a database created with French alone turns it off): the
# administrator works in English and the demo's Belgian customer reads English
env['res.lang']._activate_lang('en_US')
env.ref('base.user_admin').lang = 'en_US'
lucas = env.ref('customer_messaging.res_partner_demo_lucas', raise_if_not_found=False)
if lucas:
    lucas.lang = 'en_US'
if not env['res.users'].search([('login', '=', 'claire')]):
    groups = [env.ref(xmlid, raise_if_not_found=False) for xmlid in (
        'base.group_user', 'base.group_partner_manager', 'customer_messaging.group_messaging_user',
        'account.group_account_invoice', 'sales_team.group_sale_salesman', 'helpdesk_mgmt.group_helpdesk_user')]
    env['res.users'].create({{
        'name': 'Claire Martin', 'login': 'claire', 'password': 'claire', 'lang': 'fr_FR', 'tz': 'Europe/Paris',
        'email': 'claire.martin@example.com', 'groups_id': [(6, 0, [g.id for g in groups if g])],
    }})
    print('demo: French office user claire / claire')
env.cr.commit()
print('demo: main company sends SMS through the sandbox provider')
ICP = env['ir.config_parameter']
if 'sale.order' in env and not ICP.get_param('customer_messaging.demo_rules_played'):
    # the demo notification rules at work: a confirmed order (SMS), tomorrow's deliveries
    # (reminders planned for today), a lead won (SMS in an hour)
    import datetime
    customer = env.ref('base.res_partner_12')
    customer.write({{'mobile': '+33 6 12 34 56 78', 'messaging_accepts_sms': True, 'messaging_accepts_email': True}})
    orders = env['sale.order'].search([('state', '=', 'draft'), ('partner_id', 'child_of', customer.id)], limit=1)
    orders = orders or env['sale.order'].create({{'partner_id': customer.id}})
    orders.action_confirm()
    tomorrow = datetime.datetime.now().replace(microsecond=0) + datetime.timedelta(days=1, hours=3)
    upcoming = env['sale.order'].search([('state', 'in', ('draft', 'sent', 'sale'))], limit=4)
    upcoming.write({{'commitment_date': tomorrow}})
    if 'crm.lead' in env:
        lead = env['crm.lead'].create({{'name': 'Repair of 3 coffee machines', 'partner_id': customer.id}})
        lead.stage_id = env.ref('crm.stage_lead4')
    ICP.set_param('customer_messaging.demo_rules_played', '1')
    env.cr.commit()
    print('demo: notification rules fired on a sale order, deliveries and a lead (Messaging > Configuration)')
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="customer_messaging_demo")
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--smtp-port", type=int, default=2525)
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database")
    opts = parser.parse_args()
    try:
        # imported here: only the run that starts its own SMTP server needs it
        from aiosmtpd.controller import Controller

        import odoo.release  # noqa: F401
    except ImportError as error:
        print(f"demo: {error.name} is not importable: run `make setup` (the demo needs Odoo 18)")
        return 2

    # the SMTP catcher first: the emails of the first setup (demo data, rules) reach it too
    smtp = Controller(SinkHandler(), hostname="127.0.0.1", port=opts.smtp_port)
    smtp.start()
    smtp_args = ["--smtp=127.0.0.1", f"--smtp-port={opts.smtp_port}"]
    print(f"demo: SMTP on 127.0.0.1:{opts.smtp_port}, mail kept in {MAILDIR.relative_to(TOP)}/", flush=True)
    try:
        if opts.reset:
            subprocess.run(["dropdb", "--if-exists", opts.db], check=False)
        addons = ",".join(installable_addons())
        if not database_exists(opts.db):
            print(f"demo: creating {opts.db} with {addons}, demo data and French", flush=True)
            subprocess.run(
                [
                    *odoo_args(opts.db),
                    *smtp_args,
                    "-i",
                    addons,
                    "--load-language=fr_FR",
                    "--stop-after-init",
                    "--log-level=warn",
                ],
                check=True,
            )
        else:
            # brought up to date; addons added to the repository since are installed
            missing = [name for name in installable_addons() if not module_installed(opts.db, name)]
            args = ["-u", addons, *(["-i", ",".join(missing)] if missing else [])]
            subprocess.run(
                [*odoo_args(opts.db), *smtp_args, *args, "--stop-after-init", "--log-level=warn"], check=True
            )
        subprocess.run(
            [*odoo_args(opts.db, "shell"), *smtp_args, "--no-http", "--log-level=warn"],
            input=SETUP_CODE.format(port=opts.port),
            text=True,
            check=True,
        )
        server = subprocess.Popen(
            [
                *odoo_args(opts.db),
                *smtp_args,
                f"--http-port={opts.port}",
                "--http-interface=127.0.0.1",
                "--max-cron-threads=1",
                # warnings and errors only: the scheduler's INFO lines would bury the SMTP lines
                "--log-level=warn",
            ]
        )
        if wait_for_http(opts.port, server):
            print(
                f"demo: open http://localhost:{opts.port} (login admin / admin, or the French office user "
                "claire / claire); Ctrl-C stops",
                flush=True,
            )
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        smtp.stop()


def wait_for_http(port: int, server: subprocess.Popen, timeout: float = 120.0) -> bool:
    """Whether the server answers on ``port`` (False when it stopped first)."""

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=2):
                return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    return False


if __name__ == "__main__":
    sys.exit(main())
