"""The rating reminder cron (rating_widget): its statements do not grow with the number
of customers waiting for a reminder.

Pending rating requests older than the company's delay are made for N and 2N customers
(in one statement each, as the outbox makes them); the cron plans one reminder each, in
the outbox. Its query count at both sizes is compared: the target is the same count.
"""

from __future__ import annotations

from bulk_email import _measure, _partners


def _pending_requests(env, count, tag):
    partners = _partners(env, count, tag)
    tokens = env["rating.rating"]._rating_widget_request_tokens([("res.partner", p.id, p.id) for p in partners])
    env.cr.execute(
        "UPDATE rating_rating SET create_date = create_date - interval '10 days' WHERE access_token = ANY(%s)",
        [list(tokens.values())],
    )
    env.invalidate_all()
    env.cr.execute("ANALYZE rating_rating, res_partner, messaging_outbox")
    return partners


def bench_rating_reminder(env, customers: int) -> dict:
    env.company.rating_widget_reminder_days = 3
    env.flush_all()
    results = {"customers": customers}
    for label, count in (("half", customers // 2), ("full", customers)):
        _pending_requests(env, count, f"remind{label}")
        runs, seconds, queries = 0, 0.0, 0
        while True:  # a run plans at most REMINDERS_PER_RUN per company; the next one the rest
            planned_ids = []

            def run(planned_ids=planned_ids):
                planned_ids += env["rating.rating"]._rating_widget_cron_remind()

            run_seconds, run_queries = _measure(env, run)
            if not planned_ids:
                break
            runs, seconds, queries = runs + 1, seconds + run_seconds, queries + run_queries
        planned = env["messaging.outbox"].search_count(
            [("source", "=", "rating_reminder"), ("partner_id.name", "like", f"Bulk remind{label} %")]
        )
        assert planned == count, (label, planned)
        results[f"{label}_runs"] = runs
        results[f"{label}_queries"] = round(queries / runs, 1)
        results[f"{label}_seconds"] = round(seconds, 3)
    results["ratio_queries_full_over_half"] = round(results["full_queries"] / results["half_queries"], 3)
    results["target_ratio"] = 1.0
    return results
