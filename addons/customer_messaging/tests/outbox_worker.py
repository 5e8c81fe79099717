"""A real Odoo worker process for the outbox crash tests (not a test module).

Run by ``test_outbox_crash`` on the test database with real commits, so that it
can die (``os._exit``) in the middle of a batch, as a killed cron worker does.

Usage: python outbox_worker.py DB ADDONS_PATH ACTION [ARG...]; prints one JSON line.
"""

import os
import sys

from worker_process import CRASH_EXIT, delete_messages, main, wait_for_each_other

COMPANY = "Outbox crash test"
SMTP_SERVER = "Outbox crash test SMTP"


def _company(env):
    return env["res.company"].with_context(active_test=False).search([("name", "=", COMPANY)], limit=1)


def do_setup(env, count, daily_limit=0):
    company = _company(env) or env["res.company"].create({"name": COMPANY, "email": "shop@example.com"})
    company.write({"messaging_email_daily_limit": 0, "messaging_email_monthly_limit": 0})
    partners = env["res.partner"].create(
        [
            {"name": f"Crash customer {i}", "email": f"crash{i}@example.com", "messaging_accepts_email": True}
            for i in range(int(count))
        ]
    )
    template = env["messaging.template"].create(
        {
            "name": "Crash test",
            "channel": "email",
            "subject": "Hello @CUSTOMERNAME@",
            "body_html": "<p>Hi @CUSTOMERNAME@</p>",
            "company_id": company.id,
        }
    )
    bulk = (
        env["messaging.bulk"]
        .with_company(company)
        .create(
            {
                "name": "Crash test bulk",
                "channel": "email",
                "company_id": company.id,
                "template_id": template.id,
                "partner_ids": [(6, 0, partners.ids)],
            }
        )
    )
    bulk.action_start()
    # the limit comes after the start (whose own check would refuse): the workers must hold it
    company.messaging_email_daily_limit = int(daily_limit)
    return {"bulk_id": bulk.id, "partner_ids": partners.ids}


def do_dispatch(env, point="none", barrier=None, workers=1):
    # a script run on its own, not a module of the addon: no relative import; Odoo is
    # importable only once main() has parsed its configuration
    from odoo.addons.customer_messaging.models.messaging_service import (  # pylint: disable=odoo-addons-relative-import
        MessagingService,
    )

    if point == "mid_batch":
        original = MessagingService._post_emails

        def crash_after_posting(self, *args, **kwargs):
            original(self, *args, **kwargs)
            env.flush_all()  # the mails are written... but never committed
            os._exit(CRASH_EXIT)

        MessagingService._post_emails = crash_after_posting
    wait_for_each_other(barrier, workers)
    if point == "after_first_commit":
        env["messaging.outbox"]._dispatch(batch_size=5, max_batches=1)
        os._exit(CRASH_EXIT)
    handled = env["messaging.outbox"]._dispatch(batch_size=5)
    return {"handled": handled}


def _bulk_mails(env, bulk_id):
    partners = env["messaging.bulk"].browse(int(bulk_id)).partner_ids
    return env["mail.mail"].search(
        [("model", "=", "res.partner"), ("res_id", "in", partners.ids), ("state", "=", "outgoing")]
    )


def do_send_queue(env, bulk_id, port, point="none"):
    """Odoo's mail queue as its cron runs it (a commit after each email), on this
    bulk's emails, to the SMTP server on ``port``; ``after_third_accept``: the worker
    dies once the server accepted the third email, before Odoo commits it."""
    server = env["ir.mail_server"].search([("name", "=", SMTP_SERVER)]) or env["ir.mail_server"].create(
        {"name": SMTP_SERVER, "smtp_host": "127.0.0.1", "sequence": 0}
    )
    server.smtp_port = int(port)
    env.cr.commit()  # pylint: disable=invalid-commit
    if point == "after_third_accept":
        from odoo.addons.mail.models.mail_mail import MailMail

        original = MailMail._postprocess_sent_message
        sent = []

        def crash_on_third(self, success_pids, *args, **kwargs):
            sent.append(self.id)
            if len(sent) == 3:
                os._exit(CRASH_EXIT)
            return original(self, success_pids, *args, **kwargs)

        MailMail._postprocess_sent_message = crash_on_third
    mails = _bulk_mails(env, bulk_id)
    mails.send(auto_commit=True)
    return {"sent": len(mails)}


def do_report(env, bulk_id):
    env.cr.execute(
        """
        SELECT p.email, count(m.id)
          FROM messaging_outbox o
          JOIN res_partner p ON p.id = o.partner_id
          LEFT JOIN mail_message m ON m.model = 'res.partner' AND m.res_id = o.partner_id
                                  AND m.message_type = 'email_outgoing'
         WHERE o.bulk_id = %s
         GROUP BY p.email
        """,
        (int(bulk_id),),
    )
    mails = dict(env.cr.fetchall())
    env.cr.execute(
        "SELECT state, reason, count(*) FROM messaging_outbox WHERE bulk_id = %s GROUP BY 1, 2", (int(bulk_id),)
    )
    states = [list(row) for row in env.cr.fetchall()]
    bulk = env["messaging.bulk"].browse(int(bulk_id))
    env.cr.execute(
        """
        SELECT n.notification_status, count(*)
          FROM mail_notification n
          JOIN mail_message m ON m.id = n.mail_message_id
         WHERE m.model = 'res.partner' AND m.res_id = ANY(%s)
         GROUP BY 1
        """,
        (bulk.partner_ids.ids,),
    )
    notifications = dict(env.cr.fetchall())
    return {"mails": mails, "states": states, "bulk_state": bulk.state, "notifications": notifications}


def do_cleanup(env):
    company = _company(env)
    if not company:
        return {}
    bulks = env["messaging.bulk"].search([("company_id", "=", company.id)])
    partners = bulks.partner_ids
    delete_messages(env, "res.partner", partners.ids)
    bulks.unlink()
    env["messaging.template"].search([("company_id", "=", company.id)]).unlink()
    env["messaging.quota.usage"].search([("company_id", "=", company.id)]).unlink()
    partners.unlink()
    company.active = False
    env["ir.mail_server"].search([("name", "=", SMTP_SERVER)]).unlink()
    return {}


if __name__ == "__main__":
    main(globals(), *sys.argv[1:])
