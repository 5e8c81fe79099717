"""Bulk email from a template to many customers: our sending path against Odoo's
own mass-mail composer (``mail.compose.message``, mass mode, ``mail.template``) on
the same customers in the same run and transaction (rolled back afterwards).

Both create one ``mail.mail`` per customer for Odoo's mail queue; ours also writes
the customer's history (the message carries its customer, channel and company),
checks consent and blacklist again, counts the limits and keeps the bulk's summary.
Neither sends through SMTP here: the queue is the same for both.
"""

from __future__ import annotations

import time
import tracemalloc

SUBJECT_ODOO = "Spring news for {{ object.name }}"
BODY_ODOO = (
    '<p>Hello <t t-out="object.name"/>,</p>'
    "<p>Our spring collection is in <t t-out=\"object.city or ''\"/> stores this week. "
    "Write to us at <t t-out=\"object.company_id.email or user.company_id.email or ''\"/>.</p>"
)
SUBJECT_OURS = "Spring news for @CUSTOMERNAME@"
BODY_OURS = (
    "<p>Hello @CUSTOMERNAME@,</p>"
    "<p>Our spring collection is in @CUSTOMERCITY@ stores this week. Write to us at @COMPANYEMAIL@.</p>"
)


def _partners(env, count, tag):
    return env["res.partner"].create(
        [
            {
                "name": f"Bulk {tag} {i}",
                "email": f"bulk.{tag}.{i}@example.com",
                "city": "Lyon",
                "messaging_accepts_email": True,
            }
            for i in range(count)
        ]
    )


def _measure(env, fn):
    env.flush_all()
    env.invalidate_all()
    cr = env.cr
    queries = cr.sql_log_count
    start = time.perf_counter()
    fn()
    env.flush_all()
    return time.perf_counter() - start, cr.sql_log_count - queries


def _odoo_mass_mail(env, partners):
    template = env["mail.template"].create(
        {
            "name": "Bench spring",
            "model_id": env["ir.model"]._get("res.partner").id,
            "subject": SUBJECT_ODOO,
            "body_html": BODY_ODOO,
            "email_from": "{{ user.company_id.email_formatted }}",
            "auto_delete": False,
            "use_default_to": True,  # to the customer, as ours
        }
    )

    def run():
        composer = (
            env["mail.compose.message"]
            .with_context(active_ids=partners.ids)
            .create(
                {
                    "composition_mode": "mass_mail",
                    "model": "res.partner",
                    "res_ids": partners.ids,
                    "template_id": template.id,
                }
            )
        )
        composer.action_send_mail()

    return run


def _template(env):
    return env["messaging.template"].create({"name": "Bench spring", "subject": SUBJECT_OURS, "body_html": BODY_OURS})


def _ours(env, partners):
    template = _template(env)

    def run():
        bulk = env["messaging.bulk"].create(
            {"name": "Bench", "template_id": template.id, "partner_ids": [(6, 0, partners.ids)]}
        )
        bulk.action_start()
        env["messaging.outbox"]._dispatch(auto_commit=False)
        # every email written (the bulk is finished once Odoo's mail queue has sent them)
        written = env["messaging.outbox"].search_count([("bulk_id", "=", bulk.id), ("state", "=", "done")])
        assert written == len(partners), (bulk.state, written)

    return run


def bench_bulk_vs_odoo(env, records: int, big: int) -> dict:
    company = env.company
    company.write({"messaging_email_daily_limit": 0, "messaging_email_monthly_limit": 0, "email": "shop@example.com"})
    odoo_partners = _partners(env, records, "odoo")
    our_partners = _partners(env, records, "ours")
    env.flush_all()
    odoo_seconds, odoo_queries = _measure(env, _odoo_mass_mail(env, odoo_partners))
    ours_seconds, ours_queries = _measure(env, _ours(env, our_partners))
    mails = env["mail.mail"].search_count([("recipient_ids", "in", odoo_partners.ids), ("state", "=", "outgoing")])
    history = env["mail.message"].search_count([("messaging_customer_id", "in", our_partners.ids)])
    assert history == records, history
    assert mails == records, mails
    template = _template(env)
    # memory: peak Python allocations while queuing a bulk (its recipient list) and while sending it
    queuing, sending = {}, {}
    for count in (records, big):
        partners = _partners(env, count, f"mem{count}")
        env.flush_all()
        env.invalidate_all()
        tracemalloc.start()
        bulk = env["messaging.bulk"].create(
            {"name": "Mem", "template_id": template.id, "partner_ids": [(6, 0, partners.ids)]}
        )
        bulk.action_start()
        env.flush_all()
        env.invalidate_all()
        queuing[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        env["messaging.outbox"]._dispatch(auto_commit=False)
        sending[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert env["messaging.outbox"].search_count([("bulk_id", "=", bulk.id), ("state", "=", "done")]) == count
    # queries per recipient at two sizes: constant when the two agree
    small = _partners(env, records // 2, "q")
    __, small_queries = _measure(env, _ours(env, small))
    return {
        "records": records,
        "odoo_seconds": round(odoo_seconds, 3),
        "odoo_ms_per_recipient": round(1000 * odoo_seconds / records, 3),
        "odoo_queries_per_recipient": round(odoo_queries / records, 3),
        "ours_seconds": round(ours_seconds, 3),
        "ours_ms_per_recipient": round(1000 * ours_seconds / records, 3),
        "ours_queries_per_recipient": round(ours_queries / records, 3),
        "ours_queries_per_recipient_half_size": round(small_queries / (records // 2), 3),
        "ratio_ours_over_odoo": round(ours_seconds / odoo_seconds, 3),
        "target_ratio": 0.5,
        "batch_size": int(env["ir.config_parameter"].sudo().get_param("customer_messaging.outbox_batch_size", 200)),
        "peak_memory_sending_mib": {str(k): round(v / 2**20, 1) for k, v in sending.items()},
        "peak_memory_queuing_mib": {str(k): round(v / 2**20, 1) for k, v in queuing.items()},
    }
