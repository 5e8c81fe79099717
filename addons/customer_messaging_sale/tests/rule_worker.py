"""A real Odoo worker process for the notification-rule crash tests (not a test module).

Orders created here fire a rule (committed outbox rows); the dispatcher of
``outbox_worker`` then runs, dies or competes as a killed or doubled cron would.

Usage: python rule_worker.py DB ADDONS_PATH ACTION [ARG...]; prints one JSON line.
"""

import sys
from pathlib import Path

# the suite's worker helpers, in customer_messaging's tests (an addon next to this one)
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "customer_messaging" / "tests"))

from outbox_worker import do_dispatch  # noqa: F401 - the same dispatcher, with its crash points
from worker_process import delete_messages, main

COMPANY = "Rule crash test"


def _company(env):
    return env["res.company"].with_context(active_test=False).search([("name", "=", COMPANY)], limit=1)


def do_setup(env, count):
    company = _company(env) or env["res.company"].create({"name": COMPANY, "email": "shop@example.com"})
    company.write({"active": True, "messaging_email_daily_limit": 0, "messaging_email_monthly_limit": 0})
    partners = env["res.partner"].create(
        [
            {"name": f"Rule customer {i}", "email": f"rule{i}@example.com", "messaging_accepts_email": True}
            for i in range(int(count))
        ]
    )
    order_model = env["ir.model"]._get("sale.order")
    template = env["messaging.template"].create(
        {
            "name": "Rule crash test",
            "channel": "email",
            "model_id": order_model.id,
            "subject": "Order @DOCUMENTREF@",
            "body_html": "<p>Hi @CUSTOMERNAME@</p>",
            "company_id": company.id,
        }
    )
    rule = env["messaging.rule"].create(
        {
            "company_id": company.id,
            "model_id": order_model.id,
            "trigger": "create",
            "channel": "email",
            "template_id": template.id,
        }
    )
    orders = (
        env["sale.order"]
        .with_company(company)
        .create([{"partner_id": partner.id, "company_id": company.id} for partner in partners])
    )
    return {"rule_id": rule.id, "order_ids": orders.ids}


def do_report(env, rule_id):
    env.cr.execute(
        """
        SELECT o.res_id, count(m.id)
          FROM messaging_outbox o
          LEFT JOIN mail_message m ON m.model = 'sale.order' AND m.res_id = o.res_id
                                  AND m.message_type = 'email_outgoing'
         WHERE o.rule_id = %s
         GROUP BY o.res_id
        """,
        (int(rule_id),),
    )
    mails = {str(order): count for order, count in env.cr.fetchall()}
    env.cr.execute("SELECT state, count(*) FROM messaging_outbox WHERE rule_id = %s GROUP BY 1", (int(rule_id),))
    return {"mails": mails, "states": dict(env.cr.fetchall())}


def do_cleanup(env):
    company = _company(env)
    if not company:
        return {}
    orders = env["sale.order"].with_context(active_test=False).search([("company_id", "=", company.id)])
    partners = orders.partner_id
    delete_messages(env, "sale.order", orders.ids)
    rules = env["messaging.rule"].with_context(active_test=False).search([("company_id", "=", company.id)])
    env["messaging.outbox"].search([("rule_id", "in", rules.ids)]).unlink()
    orders.unlink()
    rules.unlink()
    env["messaging.template"].search([("company_id", "=", company.id)]).unlink()
    env["messaging.quota.usage"].search([("company_id", "=", company.id)]).unlink()
    partners.unlink()
    company.active = False
    return {}


if __name__ == "__main__":
    main(globals(), *sys.argv[1:])
