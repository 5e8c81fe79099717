"""make bench: benchmarks, as ratios against Odoo's own equivalents in the same run.

Template rendering (issue: foundation):
  * engine: ``messaging_core.templating`` renders a 300-character body with 5 tags,
    compiled template cached (target >= 20,000 renders/s on one core);
  * against Odoo: the same text rendered for the same 1,000 partners through Odoo's
    ``mail.render.mixin`` inline-template engine, and through ours with the values
    read from the same records (target: ours >= 10x faster).

Results are printed and written to bench/results/latest.json. The Odoo part needs
an importable Odoo 18 and PostgreSQL; it uses a database ``cm_bench`` (created with
``customer_messaging`` when missing) and rolls back everything it creates.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

from messaging_core import templating

TOP = Path(__file__).resolve().parent.parent
RESULTS = TOP / "bench" / "results"

BODY = (
    "Bonjour @CUSTOMERNAME@,\n"
    "Nous vous confirmons que votre commande sera livrée à @CITY@ (@ZIP@) dans les prochains jours. "
    "Pour toute question, répondez à ce message ou appelez-nous : nous vous rappellerons au @PHONE@. "
    "Une copie de la confirmation a été envoyée à @EMAIL@. Merci de votre confiance, à bientôt !"
)
FIELDS = {"CUSTOMERNAME": "name", "CITY": "city", "ZIP": "zip", "PHONE": "phone", "EMAIL": "email"}
ODOO_BODY = BODY
for _tag, _field in FIELDS.items():
    ODOO_BODY = ODOO_BODY.replace(f"@{_tag}@", "{{ object.%s }}" % _field)

REGISTRY = templating.TagRegistry(
    [templating.Tag(tag, f"the partner's {field}", key=field) for tag, field in FIELDS.items()]
)


def timed(fn, *, repeat: int = 3) -> float:
    """Best wall-clock time of ``repeat`` runs of ``fn``."""
    best = float("inf")
    for __ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_engine(renders: int) -> dict:
    renderer = templating.Renderer(REGISTRY)
    contexts = [
        templating.freeze_context(
            {
                "name": f"Client {i}",
                "city": "Lyon",
                "zip": f"69{i % 1000:03d}",
                "phone": f"+33 6 12 34 {i % 100:02d} {i % 97:02d}",
                "email": f"client{i}@example.com",
            }
        )
        for i in range(1000)
    ]
    renderer.render(BODY, contexts[0])  # compile once: the cache is part of the design

    def run():
        render = renderer.render
        for i in range(renders):
            render(BODY, contexts[i % 1000])

    seconds = timed(run)
    return {
        "body_characters": len(BODY),
        "tags": len(FIELDS),
        "renders": renders,
        "seconds": round(seconds, 4),
        "renders_per_second": round(renders / seconds),
        "target_renders_per_second": 20000,
    }


def ensure_database(db: str, modules: str = "customer_messaging") -> None:
    exists = (
        subprocess.run(
            ["psql", "-Atqc", "SELECT datname FROM pg_database", "postgres"],
            capture_output=True,
            text=True,
            check=False,
        )
        .stdout.split()
        .count(db)
        == 1
    )
    # created when missing, brought up to date with the code otherwise
    print(f"bench: {'updating' if exists else 'creating'} database {db}", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-d",
            db,
            f"--addons-path={TOP / 'addons'}",
            # missing modules installed, the others brought up to date
            *(["-i", modules, "-u", modules] if exists else ["-i", modules]),
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )
    # fresh planner statistics: a just-created database otherwise plans id lookups
    # badly and the figures depend on when autovacuum last ran
    subprocess.run(["psql", "-qc", "ANALYZE", db], check=True)


_CONFIGURED = []


def configure_odoo() -> None:
    """Odoo's configuration, parsed once per process: parsing it again breaks it
    (``KeyError: 'load_language'``). Registries name their database themselves."""
    if _CONFIGURED:
        return
    # imported here, not at the top: without Odoo the script must still start and say so
    from odoo.tools import config

    config.parse_config([f"--addons-path={TOP / 'addons'}", "--log-level=warn"])
    _CONFIGURED.append(True)


def bench_against_odoo(db: str, records: int, engine_renders_per_second: int) -> dict:
    # imported here, not at the top: without Odoo the script must still start and say so
    import odoo

    configure_odoo()
    # imported here, not at the top: without Odoo the script must still start and say so
    from odoo.modules.registry import Registry

    registry = Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Client {i}",
                    "city": "Lyon",
                    "zip": f"69{i:03d}",
                    "phone": f"+33 6 12 34 {i % 100:02d} 00",
                    "email": f"client{i}@example.com",
                }
                for i in range(records)
            ]
        )
        env.flush_all()
        renderer = templating.Renderer(REGISTRY)
        mixin = env["mail.render.mixin"]

        def odoo_render():
            env.invalidate_all()
            mixin._render_template(ODOO_BODY, "res.partner", partners.ids, engine="inline_template")

        fnames = list(FIELDS.values())

        def ours_render():
            # the addon's path: values of the whole batch read at once, then rendered
            env.invalidate_all()
            render, freeze = renderer.render, templating.freeze_context
            for row in partners._messaging_plain_values(fnames):
                render(BODY, freeze(row))

        # same output, or the comparison means nothing
        expected = mixin._render_template(ODOO_BODY, "res.partner", partners[:3].ids, engine="inline_template")
        for partner in partners[:3]:
            ours = renderer.render(
                BODY, templating.freeze_context(partner._messaging_plain_values(list(FIELDS.values()))[0])
            )
            assert ours == expected[partner.id], (ours, expected[partner.id])

        odoo_seconds = timed(odoo_render)
        ours_seconds = timed(ours_render)
        cr.rollback()
    return {
        "records": records,
        "odoo_inline_template_seconds": round(odoo_seconds, 4),
        "odoo_renders_per_second": round(records / odoo_seconds),
        "ours_seconds": round(ours_seconds, 4),
        "ours_renders_per_second": round(records / ours_seconds),
        "ratio_ours_faster": round(odoo_seconds / ours_seconds, 1),
        "ratio_engine_only": round(engine_renders_per_second / (records / odoo_seconds), 1),
        "target_ratio": 10,
    }


def bench_bulk(db: str, records: int, big: int) -> dict:
    # imported here: these bench modules import Odoo at their top
    from bulk_email import bench_bulk_vs_odoo

    # imported here, not at the top: without Odoo the script must still start and say so
    import odoo
    from odoo.modules.registry import Registry

    with Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            return bench_bulk_vs_odoo(env, records, big)
        finally:
            cr.rollback()


def bench_cap(db: str, customers: int) -> dict:
    # imported here: these bench modules import Odoo at their top
    from customer_cap import bench_customer_cap

    # imported here, not at the top: without Odoo the script must still start and say so
    import odoo

    configure_odoo()
    from odoo.modules.registry import Registry

    with Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            return bench_customer_cap(env, customers)
        finally:
            cr.rollback()


def bench_reminder(db: str, customers: int) -> dict:
    # imported here: these bench modules import Odoo at their top
    from rating_reminder import bench_rating_reminder

    # imported here, not at the top: without Odoo the script must still start and say so
    import odoo

    configure_odoo()
    from odoo.modules.registry import Registry

    with Registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            return bench_rating_reminder(env, customers)
        finally:
            cr.rollback()


def bench_rules(db: str) -> dict:
    # imported here: these bench modules import Odoo at their top
    from rules_overhead import bench_reminder_cron, bench_write_overhead

    # imported here, not at the top: without Odoo the script must still start and say so
    import odoo

    ensure_database(db, "customer_messaging,sale,base_automation")
    configure_odoo()
    # imported here, not at the top: without Odoo the script must still start and say so
    from odoo.modules.registry import Registry

    results = {}
    for name, bench in (("write_overhead", bench_write_overhead), ("reminder_cron", bench_reminder_cron)):
        with Registry(db).cursor() as cr:
            try:
                results[name] = bench(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}))
            finally:
                cr.rollback()  # everything a benchmark creates goes away
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=50000)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--db", default="cm_bench")
    parser.add_argument("--bulk-records", type=int, default=1000)
    parser.add_argument("--bulk-memory-records", type=int, default=10000)
    parser.add_argument("--rules-db", default="cm_bench_rules")
    parser.add_argument("--cap-customers", type=int, default=10000)
    parser.add_argument("--cap-db", default="cm_bench_cap")
    parser.add_argument(
        "--only", choices=["rules", "cap"], help="run only this benchmark (cap: the cap and the rating reminder)"
    )
    opts = parser.parse_args()
    results = {"python": platform.python_version(), "machine": platform.machine()}
    results["templating_engine"] = engine = bench_engine(opts.renders)
    print(
        f"templating: {engine['renders_per_second']:,} renders/s "
        f"({engine['body_characters']}-character body, {engine['tags']} tags; target >= 20,000)"
    )
    try:
        import odoo.release  # noqa: F401  (is Odoo importable?)
    except ImportError:
        print("bench: Odoo 18 is not importable: the comparison with Odoo did NOT run")
    else:
        if opts.only is None:
            run_templating_and_bulk(opts, engine, results)
        if opts.only in (None, "cap"):
            ensure_database(opts.cap_db, "customer_messaging,rating_widget")
            run_customer_cap(opts, results)
        if opts.only in (None, "rules"):
            run_rules(opts, results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


def run_rules(opts, results: dict) -> None:
    results["notification_rules"] = rules = bench_rules(opts.rules_db)
    write, cron = rules["write_overhead"], rules["reminder_cron"]
    print(
        f"notification rules, {write['writes']} sale-order writes firing nothing: "
        f"{write['rules']} of our rules add {write['ours_overhead_ms_per_write']} ms and "
        f"{write['ours_overhead_queries_per_write']} queries per write; {write['rules']} base_automation rules "
        f"add {write['base_automation_overhead_ms_per_write']} ms and "
        f"{write['base_automation_overhead_queries_per_write']} queries: ratio "
        f"{write['ratio_ours_over_base_automation']} (target <= 0.5)"
    )
    print(
        f"reminder cron: {cron['planned']:,} planned, {cron['due']:,} due: sent in {cron['seconds']} s "
        f"({cron['queries']} queries; target <= 2 s); claim uses messaging_outbox_due_idx: "
        f"{cron['claim_uses_index']}"
    )


def run_templating_and_bulk(opts, engine: dict, results: dict) -> None:
    ensure_database(opts.db)
    results["templating_vs_odoo"] = cmp = bench_against_odoo(opts.db, opts.records, engine["renders_per_second"])
    print(
        f"templating vs Odoo inline_template, {cmp['records']} partners: "
        f"Odoo {cmp['odoo_renders_per_second']:,}/s, "
        f"ours {cmp['ours_renders_per_second']:,}/s (values read from the records): "
        f"{cmp['ratio_ours_faster']}x faster (target >= 10x); engine alone {cmp['ratio_engine_only']}x"
    )
    results["bulk_email_vs_odoo"] = bulk = bench_bulk(opts.db, opts.bulk_records, opts.bulk_memory_records)
    memory = ", ".join(f"{k} recipients {v} MiB" for k, v in bulk["peak_memory_sending_mib"].items())
    queuing = ", ".join(f"{k} recipients {v} MiB" for k, v in bulk["peak_memory_queuing_mib"].items())
    print(
        f"bulk email, {bulk['records']} customers: Odoo mass mail {bulk['odoo_ms_per_recipient']} ms and "
        f"{bulk['odoo_queries_per_recipient']} queries per recipient; ours {bulk['ours_ms_per_recipient']} ms and "
        f"{bulk['ours_queries_per_recipient']} queries per recipient "
        f"({bulk['ours_queries_per_recipient_half_size']} at half the size), history included: "
        f"ratio {bulk['ratio_ours_over_odoo']} (target <= 0.5); peak memory while sending: {memory} "
        f"(while queuing the recipient list: {queuing})"
    )


def run_customer_cap(opts, results: dict) -> None:
    """The cron jobs and checks issue 17 added: query counts constant in the number of customers."""
    results["customer_cap"] = cap = bench_cap(opts.cap_db, opts.cap_customers)
    print(
        f"weekly cap per customer, {cap['customers']:,} customers over their cap: "
        f"{cap['full_queries_per_batch']} statements per outbox batch of {cap['batch_size']} "
        f"({cap['full_ms_per_batch']} ms), {cap['half_queries_per_batch']} with half as many customers: "
        f"ratio {cap['ratio_queries_full_over_half']} (target {cap['target_ratio']})"
    )
    results["rating_reminder"] = remind = bench_reminder(opts.cap_db, opts.cap_customers)
    print(
        f"rating reminder cron, {remind['customers']:,} customers to remind: {remind['full_runs']} runs of "
        f"{remind['full_queries']} queries ({remind['full_seconds']} s in all), {remind['half_runs']} run(s) of "
        f"{remind['half_queries']} for half as many: ratio "
        f"{remind['ratio_queries_full_over_half']} (target {remind['target_ratio']})"
    )


if __name__ == "__main__":
    sys.exit(main())
