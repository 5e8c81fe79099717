"""The weekly cap per customer (Settings, Messages per Customer): what counting each
customer's week costs the outbox, on 10,000 customers.

The same bulk email is dispatched to new customers with the cap off and on (each
customer already received one capped message this week, so the cap is read, counted
and half of them wait); the queries per recipient must not grow with the number of
customers: two statements per batch (lock the batch's customers, count their week).
"""

from __future__ import annotations

from bulk_email import _measure, _partners, _template


def _analyze(env):
    """Planner statistics of the tables this one transaction filled (autovacuum cannot
    see them; a production database commits every batch and is analysed as it goes)."""
    env.cr.execute("ANALYZE messaging_outbox, mail_message, mail_notification, mail_mail, res_partner")


def _bulk(env, template, partners):
    def run():
        bulk = env["messaging.bulk"].create(
            {"name": "Cap", "template_id": template.id, "partner_ids": [(6, 0, partners.ids)]}
        )
        bulk.action_start()
        env["messaging.outbox"]._dispatch(auto_commit=False)

    return run


def bench_customer_cap(env, customers: int) -> dict:
    company = env.company
    company.write(
        {
            "messaging_email_daily_limit": 0,
            "messaging_email_monthly_limit": 0,
            "email": "shop@example.com",
            "messaging_customer_weekly_cap": 0,
        }
    )
    template = _template(env)
    results = {"customers": customers}
    for label, count, cap in (("off", customers, 0), ("on_half", customers // 2, 2), ("on", customers, 2)):
        partners = _partners(env, count, f"cap{label}")
        company.messaging_customer_weekly_cap = 0
        _bulk(env, template, partners)()  # one message each this week, before the measure
        company.messaging_customer_weekly_cap = cap
        env.flush_all()
        _analyze(env)
        seconds, queries = _measure(env, _bulk(env, template, partners))
        _measure(env, _bulk(env, template, partners[: count // 2]))  # a third message: over the cap for half
        waiting = env["messaging.outbox"].search_count(
            [("partner_id", "in", partners.ids), ("reason", "=", "customer_cap"), ("state", "=", "pending")]
        )
        assert waiting == (count // 2 if cap else 0), (label, waiting)
        results[f"cap_{label}_queries"] = queries
        results[f"cap_{label}_queries_per_recipient"] = round(queries / count, 3)
        results[f"cap_{label}_ms_per_recipient"] = round(1000 * seconds / count, 3)
    results["ratio_queries_cap_on_over_off"] = round(
        results["cap_on_queries_per_recipient"] / results["cap_off_queries_per_recipient"], 3
    )
    # what the cap adds: statements per outbox batch, the same whatever the number of customers
    batch = int(env["ir.config_parameter"].sudo().get_param("customer_messaging.outbox_batch_size", 200))
    batches = -(-customers // batch)
    results["cap_extra_queries_per_batch"] = round(
        (results["cap_on_queries"] - results["cap_off_queries"]) / batches, 2
    )
    results["target_extra_queries_per_batch"] = 2
    return results
