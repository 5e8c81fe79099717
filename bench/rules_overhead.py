"""Notification rules (issue 5): what they cost ordinary writes, and the reminder cron.

1. **Write overhead**: 1,000 single-record writes on sale orders, (a) with no rule,
   (b) with 20 of our rules watching ``sale.order`` (status changed to "Sales Order"),
   (c) with 20 ``base_automation`` rules doing the same (state set to "Sales Order",
   action: send an SMS). The writes are what users do all day and fire no rule: an
   ordinary field (the customer reference), and the watched status moved between
   "Quotation" and "Quotation Sent". Overhead = (b or c) - (a), per write.
2. **Reminder cron**: 100,000 planned notifications of which 1,000 are due; one
   dispatcher run sends the due ones (checked again, rendered, posted, mails queued)
   and never reads the others: the time, and the query plan of the claim.

Everything runs in one transaction, rolled back afterwards.
"""

from __future__ import annotations

import datetime as dt
import time

WRITES = 1000
RULES = 20


def _measure(env, fn):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    fn()
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - queries


def _orders(env, count):
    partner = env["res.partner"].create(
        {
            "name": "Bench customer",
            "email": "bench@example.com",
            "mobile": "+33612345678",
            "messaging_accepts_sms": True,
        }
    )
    return env["sale.order"].create([{"partner_id": partner.id} for __ in range(count)])


def _writes(env, orders):
    """One write per order, as forms save them: alternately a plain field and the status."""

    def run():
        for index, order in enumerate(orders):
            if index % 2:
                order.write({"client_order_ref": f"REF {index}"})
            else:
                order.write({"state": "sent" if order.state == "draft" else "draft"})

    return run


def _state_sale(env):
    return env["ir.model.fields.selection"].search(
        [("field_id.model", "=", "sale.order"), ("field_id.name", "=", "state"), ("value", "=", "sale")]
    )


def _our_rules(env):
    # one message each: identical rules are refused (a customer would hear twice)
    templates = env["messaging.template"].create(
        [
            {"name": f"Bench confirmed {i}", "channel": "sms", "body_text": f"Hello @CUSTOMERNAME@, news {i}."}
            for i in range(RULES)
        ]
    )
    return env["messaging.rule"].create(
        [
            {
                "name": f"Bench {i}",
                "model_id": env["ir.model"]._get("sale.order").id,
                "trigger": "status_to",
                "status_selection_id": _state_sale(env).id,
                "channel": "sms",
                "template_id": template.id,
            }
            for i, template in enumerate(templates)
        ]
    )


def _automations(env):
    template = env["sms.template"].create(
        {"name": "Bench confirmed", "model_id": env["ir.model"]._get("sale.order").id, "body": "Confirmed"}
    )
    return env["base.automation"].create(
        [
            {
                "name": f"Bench {i}",
                "model_id": env["ir.model"]._get("sale.order").id,
                "trigger": "on_state_set",
                "trg_selection_field_id": _state_sale(env).id,
                "action_server_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Bench SMS {i}",
                            "model_id": env["ir.model"]._get("sale.order").id,
                            "state": "sms",
                            "sms_template_id": template.id,
                            "sms_method": "sms",
                        },
                    )
                ],
            }
            for i in range(RULES)
        ]
    )


def bench_write_overhead(env) -> dict:
    env["messaging.rule"].with_context(active_test=False).search([]).unlink()
    env["base.automation"].with_context(active_test=False).search([]).unlink()
    orders = _orders(env, WRITES)
    env.flush_all()
    _measure(env, _writes(env, orders))  # warm up: caches, plans
    base_seconds, base_queries = _measure(env, _writes(env, orders))

    rules = _our_rules(env)
    env["messaging.rule"]._rule_specs()  # cached once per worker after a change
    ours_seconds, ours_queries = _measure(env, _writes(env, orders))
    fired = env["messaging.outbox"].search_count([("rule_id", "in", rules.ids)])
    rules.unlink()

    automations = _automations(env)
    auto_seconds, auto_queries = _measure(env, _writes(env, orders))
    automations.unlink()

    def per_write(seconds, queries):
        return round(1000 * (seconds - base_seconds) / WRITES, 3), round((queries - base_queries) / WRITES, 3)

    ours_ms, ours_q = per_write(ours_seconds, ours_queries)
    auto_ms, auto_q = per_write(auto_seconds, auto_queries)
    return {
        "writes": WRITES,
        "rules": RULES,
        "baseline_ms_per_write": round(1000 * base_seconds / WRITES, 3),
        "baseline_queries_per_write": round(base_queries / WRITES, 3),
        "ours_overhead_ms_per_write": ours_ms,
        "ours_overhead_queries_per_write": ours_q,
        "base_automation_overhead_ms_per_write": auto_ms,
        "base_automation_overhead_queries_per_write": auto_q,
        "ratio_ours_over_base_automation": round(max(ours_ms, 0.0) / auto_ms, 3) if auto_ms > 0 else None,
        "rules_fired": fired,
    }


def bench_reminder_cron(env, planned: int = 100_000, due: int = 1000) -> dict:
    env.company.write(
        {"messaging_email_daily_limit": 0, "messaging_email_monthly_limit": 0, "email": "shop@example.com"}
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Reminder {i}", "email": f"reminder{i}@example.com", "messaging_accepts_email": True}
            for i in range(due)
        ]
    )
    orders = env["sale.order"].create([{"partner_id": partner.id} for partner in partners])
    template = env["messaging.template"].create(
        {
            "name": "Bench reminder",
            "model_id": env["ir.model"]._get("sale.order").id,
            "subject": "Your appointment for @DOCUMENTREF@",
            "body_html": "<p>Hello @CUSTOMERNAME@, see you tomorrow.</p>",
        }
    )
    date_field = env["ir.model.fields"]._get("sale.order", "commitment_date")
    rule = env["messaging.rule"].create(
        {
            "name": "Bench reminder",
            "model_id": env["ir.model"]._get("sale.order").id,
            "rule_type": "reminder",
            "date_field_id": date_field.id,
            "amount": 1,
            "unit": "days",
            "channel": "email",
            "template_id": template.id,
        }
    )
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    appointment = now + dt.timedelta(hours=12)
    # the due ones: tomorrow's appointments (a day before: now); the others in the coming months
    orders.write({"commitment_date": appointment})
    env["messaging.outbox"].search([("rule_id", "=", rule.id)]).unlink()
    outbox = env["messaging.outbox"]
    key = env["messaging.rule"]._date_key(appointment)
    rows = [
        {
            "source": "rule",
            "event": rule.id,
            "occurrence": f"reminder:{key}",
            "company_id": env.company.id,
            "channel": "email",
            "template_id": template.id,
            "model": "sale.order",
            "res_id": order.id,
            "partner_id": order.partner_id.id,
            "planned_at": now - dt.timedelta(minutes=1),
            "rule_id": rule.id,
            "expected": key,
        }
        for order in orders
    ]
    for i in range(planned - due):
        later = now + dt.timedelta(days=1 + i % 180, minutes=i % 1440)
        rows.append({**rows[i % due], "source": "bench", "event": i, "planned_at": later, "expected": "later"})
    outbox._enqueue(rows)
    env.flush_all()
    env.cr.execute("ANALYZE messaging_outbox")
    env.cr.execute(
        "EXPLAIN SELECT id FROM messaging_outbox WHERE state = 'pending' AND planned_at <= %s "
        "ORDER BY planned_at, id LIMIT 200 FOR UPDATE SKIP LOCKED",
        (now,),
    )
    plan = [line for (line,) in env.cr.fetchall()]
    seconds, queries = _measure(env, lambda: outbox._dispatch(auto_commit=False))
    sent = outbox.search_count([("rule_id", "=", rule.id), ("state", "=", "done")])
    assert sent == due, f"{sent} of {due} due reminders sent"
    return {
        "planned": planned,
        "due": due,
        "sent": sent,
        "seconds": round(seconds, 3),
        "queries": queries,
        "claim_plan": plan,
        "claim_uses_index": any("messaging_outbox_due_idx" in line for line in plan),
    }
