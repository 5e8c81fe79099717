"""Rating widget: the cost of ``@WIDGETVALUATION@`` in emails sent through the outbox.

The same 10,000 order emails (one per order, to its customer) are queued and sent
twice through the suite's sending path (``messaging.outbox`` dispatcher: checks,
rendering, ``mail.message`` / ``mail.mail`` rows, history), once with a template
without the widget and once with the same template plus ``@WIDGETVALUATION@``,
which creates one rating token (a ``rating.rating`` row) per email and renders the
five links. Target: with the widget <= 2x the cost without it.

    .venv/bin/python bench/rating_widget.py [--db rw_bench] [--emails 10000]

The database is created with ``rating_widget_sale`` (the widget and Sales) when missing; everything the
benchmark creates is rolled back. Results go to bench/results/rating_widget.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
RESULTS = TOP / "bench" / "results"

SUBJECT = "Your order @DOCUMENTREF@"
BODY = (
    "<p>Hello @CUSTOMERNAME@,</p><p>Your order @DOCUMENTREF@ of @AMOUNT@ has been delivered. "
    "Thank you for your trust.</p><p>@COMPANYNAME@</p>"
)
WIDGET = "<p>How did we do?</p><p>@WIDGETVALUATION@</p>"


def ensure_database(db: str) -> None:
    listed = subprocess.run(
        ["psql", "-Atqc", "SELECT datname FROM pg_database", "postgres"], capture_output=True, text=True, check=False
    ).stdout.split()
    exists = db in listed
    print(f"bench: {'updating' if exists else 'creating'} database {db}", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-d",
            db,
            f"--addons-path={TOP / 'addons'}",
            "-u" if exists else "-i",
            # the orders' rating status lives in the Sales bridge (an upgraded database
            # gets it from rating_widget's migration)
            "rating_widget" if exists else "rating_widget_sale",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )
    subprocess.run(["psql", "-qc", "ANALYZE", db], check=True)


def _orders(env, count):
    partners = env["res.partner"].create(
        [
            {"name": f"Rating customer {i}", "email": f"rating.{i}@example.com", "messaging_accepts_email": True}
            for i in range(count)
        ]
    )
    return env["sale.order"].create([{"partner_id": partner.id} for partner in partners])


def _send(env, template, orders, tag):
    rows = [
        {
            "source": "bench",
            "event": tag,
            "company_id": env.company.id,
            "channel": "email",
            "kind": "transactional",
            "template_id": template.id,
            "model": "sale.order",
            "res_id": order.id,
            "partner_id": order.partner_id.id,
        }
        for order in orders
    ]
    env.flush_all()
    env.invalidate_all()
    cr = env.cr
    queries = cr.sql_log_count
    start = time.perf_counter()
    env["messaging.outbox"]._enqueue(rows)
    handled = env["messaging.outbox"]._dispatch(auto_commit=False)
    env.flush_all()
    seconds = time.perf_counter() - start
    assert handled == len(orders), handled
    return seconds, cr.sql_log_count - queries


def bench(env, emails: int) -> dict:
    env.company.write(
        {"messaging_email_daily_limit": 0, "messaging_email_monthly_limit": 0, "email": "shop@example.com"}
    )
    model_id = env["ir.model"]._get_id("sale.order")
    templates = env["messaging.template"]
    plain = templates.create({"name": "Bench plain", "model_id": model_id, "subject": SUBJECT, "body_html": BODY})
    widget = templates.create(
        {"name": "Bench widget", "model_id": model_id, "subject": SUBJECT, "body_html": BODY + WIDGET}
    )
    orders = _orders(env, emails)
    warm = _orders(env, 200)
    _send(env, plain, warm, "warm-plain")  # compile templates, fill caches
    _send(env, widget, warm, "warm-widget")
    plain_seconds, plain_queries = _send(env, plain, orders, "plain")
    widget_seconds, widget_queries = _send(env, widget, orders, "widget")
    tokens = env["rating.rating"].search_count([("rating_widget_request", "=", True), ("res_id", "in", orders.ids)])
    assert tokens == emails, tokens
    return {
        "emails": emails,
        "without_widget_seconds": round(plain_seconds, 3),
        "without_widget_ms_per_email": round(1000 * plain_seconds / emails, 3),
        "without_widget_queries_per_email": round(plain_queries / emails, 3),
        "with_widget_seconds": round(widget_seconds, 3),
        "with_widget_ms_per_email": round(1000 * widget_seconds / emails, 3),
        "with_widget_queries_per_email": round(widget_queries / emails, 3),
        "ratio_with_over_without": round(widget_seconds / plain_seconds, 3),
        "target_ratio": 2.0,
        "tokens_created": tokens,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="rw_bench")
    parser.add_argument("--emails", type=int, default=10000)
    opts = parser.parse_args()
    ensure_database(opts.db)
    # imported here, not at the top: without Odoo the script must still start and say so
    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config([f"--addons-path={TOP / 'addons'}", "--log-level=warn"])
    with Registry(opts.db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            result = bench(env, opts.emails)
        finally:
            cr.rollback()
    print(
        f"rating widget, {result['emails']} order emails through the outbox: without the widget "
        f"{result['without_widget_ms_per_email']} ms and {result['without_widget_queries_per_email']} queries per "
        f"email; with it (token created, five links) {result['with_widget_ms_per_email']} ms and "
        f"{result['with_widget_queries_per_email']} queries: ratio {result['ratio_with_over_without']} (target <= 2)"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "rating_widget.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
