"""The weekly cap per customer (Settings, Messages per Customer): what counting each
customer's week costs the outbox's dispatcher, on 10,000 customers.

Every customer already received one capped message this week (rows written as the
outbox writes them); then one pending capped message each is checked against a cap of 1,
batch by batch as the dispatcher takes them (200 rows). The statements the cap adds per
batch must be the same for 5,000 and 10,000 customers: two (lock the batch's customers,
count their week), whatever their number.
"""

from __future__ import annotations

import datetime as dt

from bulk_email import _measure, _partners


def _rows(env, partners, event, state, sent_at=None):
    outbox = env["messaging.outbox"]
    ids = outbox._enqueue(
        [
            {
                "source": "bulk",
                "event": event,
                "company_id": env.company.id,
                "channel": "email",
                "kind": "marketing",
                "model": "res.partner",
                "res_id": partner.id,
                "partner_id": partner.id,
            }
            for partner in partners
        ]
    )
    if state == "done":
        env.cr.execute(
            "UPDATE messaging_outbox SET state = 'done', sent_at = %s WHERE id = ANY(%s)", [sent_at, list(ids)]
        )
    return outbox.browse(ids)


def bench_customer_cap(env, customers: int) -> dict:
    company = env.company
    company.write({"messaging_customer_weekly_cap": 1, "messaging_customer_cap_overflow": "wait"})
    service = env["messaging.service"]
    batch = int(env["ir.config_parameter"].sudo().get_param("customer_messaging.outbox_batch_size", 200))
    now = env.cr.now()
    results = {"customers": customers, "batch_size": batch}
    for label, count in (("half", customers // 2), ("full", customers)):
        partners = _partners(env, count, f"cap{label}")
        _rows(env, partners, f"earlier-{label}", "done", now - dt.timedelta(days=1))
        pending = _rows(env, partners, f"now-{label}", "pending")
        env.flush_all()
        env.cr.execute("ANALYZE messaging_outbox, res_partner")
        batches = [pending[i : i + batch] for i in range(0, len(pending), batch)]

        def run(batches=batches):
            for rows in batches:
                service._apply_customer_cap(company, rows)

        seconds, queries = _measure(env, run)
        waiting = env["messaging.outbox"].search_count(
            [("id", "in", pending.ids), ("reason", "=", "customer_cap"), ("state", "=", "pending")]
        )
        assert waiting == count, (label, waiting)
        results[f"{label}_batches"] = len(batches)
        results[f"{label}_queries_per_batch"] = round(queries / len(batches), 2)
        results[f"{label}_ms_per_batch"] = round(1000 * seconds / len(batches), 2)
    results["ratio_queries_full_over_half"] = round(
        results["full_queries_per_batch"] / results["half_queries_per_batch"], 3
    )
    results["target_ratio"] = 1.0
    return results
