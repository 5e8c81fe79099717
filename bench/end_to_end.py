"""End to end, as production runs it: from *Send* to the customer's mail server.

Odoo is started as an operator starts it (prefork HTTP workers, cron worker
processes, nothing triggered by hand) with its own loopback SMTP server, on ports
picked here. Over XML-RPC, as a user's browser would, it:

1. writes one email to one customer with the composer: time until it is at the
   SMTP server (goal: within 5 s);
2. starts a bulk to N consenting customers through the same composer action a user
   clicks: time until all are queued, until the first and the last email are at
   the SMTP server, emails per second, duplicates (same recipient twice, same
   Message-Id twice) and losses;
3. sends the same N through Odoo's own mass-mail composer on the same server, and
   prints both side by side (Odoo's own waits for its hourly mail job above 100
   emails: its wait is capped and reported as such).

Usage: python bench/end_to_end.py [--records 1000] [--odoo-wait 120] [--keep]
The database (cm_bench_e2e) is created for the run and dropped after it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
from collections import Counter
from datetime import datetime, timezone
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
RESULTS = TOP / "bench" / "results"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """A loopback SMTP server recording, per message, when it arrived, its
    recipients and its Message-Id."""

    def __init__(self, port: int):
        # imported here: only the run that starts its own SMTP server needs it
        from aiosmtpd.controller import Controller

        self.lock = threading.Lock()
        self.messages: list[tuple[float, tuple[str, ...], str, str]] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        message = message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.messages.append(
                (time.monotonic(), tuple(envelope.rcpt_tos), str(message["Message-Id"]), str(message["Subject"]))
            )
        return "250 OK"

    def since(self, start_index: int) -> list[tuple[float, tuple[str, ...], str, str]]:
        with self.lock:
            return list(self.messages[start_index:])

    def count(self) -> int:
        with self.lock:
            return len(self.messages)


def odoo(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "odoo", *args], check=True, **kwargs)


def wait_http(port: int, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("end-to-end: Odoo stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("end-to-end: Odoo did not answer")


class Client:
    def __init__(self, port: int, db: str):
        self.db = db
        url = f"http://127.0.0.1:{port}"
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, "admin", "admin", {})
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(self, model: str, method: str, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, "admin", model, method, list(args), kwargs)

    def customers(self, prefix: str, count: int) -> list[int]:
        """``count`` consenting customers ``<prefix><i>@example.com``, 500 a call."""
        ids: list[int] = []
        for start in range(0, count, 500):
            ids += self.call(
                "res.partner",
                "create",
                [
                    {"name": f"{prefix} {i}", "email": f"{prefix}{i}@example.com", "messaging_accepts_email": True}
                    for i in range(start, min(count, start + 500))
                ],
            )
        return ids

    def send(self, partner_ids: list[int], subject: str, body: str, channel: str = "email"):
        """What a user does: the composer for these customers, then *Send*."""
        text = {"subject": subject, "body": body} if channel == "email" else {"sms_body": body}
        composer = self.call(
            "messaging.composer",
            "create",
            [text],
            context={"default_partner_ids": partner_ids, "default_channel": channel},
        )[0]
        return self.call("messaging.composer", "action_send", [composer])


def sms_stage(client: Client, company: int, count: int, rate: float) -> dict:
    """A bulk of ``count`` SMS through a Twilio-compatible server on loopback (the real
    ``twilio`` SDK in Odoo), its provider limited to ``rate`` messages a second."""
    # imported here: the loopback Twilio server is needed only for the SMS run
    from messaging_core.testing.twilio_server import TwilioTestServer

    provider_server = TwilioTestServer("AC" + "1" * 32, "bench-auth-token").start()
    try:
        client.call(
            "messaging.sms.provider",
            "create",
            [
                {
                    "name": "Loopback Twilio",
                    "kind": "twilio",
                    "twilio_account_sid": provider_server.account_sid,
                    "twilio_auth_token": provider_server.auth_token,
                    "twilio_from_number": "+15005550006",
                    "twilio_api_url": provider_server.base_url,
                    "rate_per_second": rate,
                    "status_callbacks": False,
                    "company_id": company,
                }
            ],
        )
        france = client.call("res.country", "search", [("code", "=", "FR")])[0]
        client.call(
            "res.company",
            "write",
            [company],
            {
                "messaging_sms_provider_mode": "own",
                "messaging_sms_daily_limit": 0,
                "messaging_sms_monthly_limit": 0,
                "messaging_sms_hours_start": 0.0,
                "messaging_sms_hours_end": 24.0,
                "country_id": france,
            },
        )
        numbers = [f"+3361{i:07d}" for i in range(count)]
        ids: list[int] = []
        for start in range(0, count, 500):
            ids += client.call(
                "res.partner",
                "create",
                [
                    {"name": f"Sms {i}", "mobile": numbers[i], "country_id": france, "messaging_accepts_sms": True}
                    for i in range(start, min(count, start + 500))
                ],
            )
        started_wall = datetime.now(timezone.utc)
        started = time.monotonic()
        client.send(ids, "", "Hello @CUSTOMERNAME@, your order is ready.", channel="sms")
        queued_s = time.monotonic() - started
        expected = set(numbers)
        deadline = started + count / max(rate, 0.1) * 2 + 120
        while time.monotonic() < deadline:
            if expected <= {message["to"] for message in provider_server.messages}:
                break
            time.sleep(0.5)
        time.sleep(2)
        messages = [message for message in provider_server.messages if message["to"] in expected]
        per_number = Counter(message["to"] for message in messages)
        times = sorted((message["_created"] - started_wall).total_seconds() for message in messages)
        arrived = len(per_number)
        return {
            "expected": count,
            "arrived": arrived,
            "lost": count - arrived,
            "duplicates": sum(n - 1 for n in per_number.values() if n > 1),
            "attempts": len([r for r in provider_server.create_requests if r.form.get("To") in expected]),
            "queued_s": round(queued_s, 2),
            "first_s": round(times[0], 2) if times else None,
            "last_s": round(times[-1], 2) if arrived == count and times else None,
            "configured_rate": rate,
            "achieved_rate": round((len(times) - 1) / (times[-1] - times[0]), 2)
            if len(times) > 1 and times[-1] > times[0]
            else None,
        }
    finally:
        provider_server.stop()


def wait_for(sink: Sink, start_index: int, expected: set[str], started: float, timeout: float) -> dict:
    """Wait until every address of ``expected`` got an email (or ``timeout``)."""
    deadline = started + timeout
    while time.monotonic() < deadline:
        got = {rcpt for __, rcpts, ___, ____ in sink.since(start_index) for rcpt in rcpts}
        if expected <= got:
            break
        time.sleep(0.2)
    time.sleep(2)  # late duplicates would show up now
    messages = sink.since(start_index)
    per_recipient = Counter(rcpt for __, rcpts, ___, ____ in messages for rcpt in rcpts if rcpt in expected)
    message_ids = Counter(mid for __, ___, mid, ____ in messages)
    times = [at - started for at, rcpts, __, ___ in messages if set(rcpts) & expected]
    arrived = len(per_recipient)
    return {
        "expected": len(expected),
        "arrived": arrived,
        "lost": len(expected) - arrived,
        "duplicate_recipients": sum(count - 1 for count in per_recipient.values() if count > 1),
        "duplicate_message_ids": sum(count - 1 for count in message_ids.values() if count > 1),
        "first_s": round(min(times), 2) if times else None,
        "last_s": round(max(times), 2) if arrived == len(expected) and times else None,
        "per_second": round(arrived / max(times), 1) if times and max(times) > 0 else None,
        "waited_s": round(time.monotonic() - started, 1),
    }


class Servers:
    """Odoo servers on one database, started as an operator starts them."""

    def __init__(self, db: str, smtp_port: int):
        self.db, self.smtp_port = db, smtp_port
        self.procs: list[subprocess.Popen] = []
        self.ports: list[int] = []
        self.log = TOP / "var" / "log" / "bench-end-to-end.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        # a launcher file, as odoo-bin: prefork Odoo starts its websocket process again from argv[0]
        self.launcher = TOP / "var" / "bench-odoo-bin.py"
        self.launcher.write_text("import odoo\n\nodoo.cli.main()\n")
        self.peak_rss_mib = 0.0

    def start(self, port: int | None = None) -> int:
        port = port or free_port()
        output = self.log.open("a")
        proc = subprocess.Popen(
            [
                sys.executable,
                str(self.launcher),
                "-d",
                self.db,
                f"--addons-path={TOP / 'addons'}",
                f"--db-filter=^{self.db}$",
                f"--http-port={port}",
                "--http-interface=127.0.0.1",
                "--workers=2",
                "--max-cron-threads=2",
                "--smtp=127.0.0.1",
                f"--smtp-port={self.smtp_port}",
                "--log-level=warn",
                f"--logfile={self.log}",
            ],
            stdout=output,
            stderr=output,
        )
        wait_http(port, proc)
        self.procs.append(proc)
        self.ports.append(port)
        return port

    def workers(self) -> list:
        # imported here: only the memory and kill measures need it (a dependency of Odoo's)
        import psutil

        found = []
        for proc in self.procs:
            try:
                found += psutil.Process(proc.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                pass
        return found

    def sample_memory(self) -> None:
        # imported here: only the memory and kill measures need it (a dependency of Odoo's)
        import psutil

        total = 0
        for proc in self.procs:
            try:
                main = psutil.Process(proc.pid)
                total += sum(p.memory_info().rss for p in [main, *main.children(recursive=True)])
            except psutil.NoSuchProcess:
                pass
        self.peak_rss_mib = max(self.peak_rss_mib, total / 2**20)

    def kill_a_worker(self) -> str | None:
        """kill -9 the busiest worker process (the cron worker sending, as a rule), as
        the kernel's OOM killer would."""

        # imported here: only the memory and kill measures need it (a dependency of Odoo's)
        import psutil

        workers = self.workers()
        for worker in workers:
            try:
                worker.cpu_percent(None)
            except psutil.NoSuchProcess:
                pass
        time.sleep(0.5)
        busy = []
        for worker in workers:
            try:
                busy.append((worker.cpu_percent(None), worker.pid))
            except psutil.NoSuchProcess:
                pass
        if not busy:
            return None
        cpu, pid = max(busy)
        os.kill(pid, signal.SIGKILL)
        return f"{pid} (the busiest worker, {cpu:.0f}% CPU)"

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs, self.ports = [], []


def watch(sink: Sink, index: int, expected: set[str], started: float, timeout: float, servers: Servers, crash: str):
    """Wait for ``expected`` at the SMTP server while doing ``crash`` to the servers."""
    done_crash: list[str] = []
    deadline = started + timeout
    while time.monotonic() < deadline:
        servers.sample_memory()
        arrived = len({r for __, rcpts, ___, ____ in sink.since(index) for r in rcpts} & expected)
        if arrived >= len(expected):
            break
        share = arrived / len(expected)
        if crash == "kill" and len(done_crash) < 2 and share >= (0.2, 0.5)[len(done_crash)]:
            done_crash.append(f"killed worker {servers.kill_a_worker()} at {arrived} sent")
        elif crash == "restart" and not done_crash and share >= 0.3:
            port = servers.ports[0]
            servers.stop()
            servers.start(port)
            done_crash.append(f"server stopped and started again at {arrived} sent")
        time.sleep(0.3)
    result = wait_for(sink, index, expected, started, max(1.0, deadline - time.monotonic()))
    result["crash"] = done_crash
    return result


def leftovers(db: str) -> dict:
    """Rows left in an in-between state once everything arrived."""
    # imported here: Odoo's database driver, in Odoo's virtualenv only
    import psycopg2

    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("SELECT state, count(*) FROM messaging_outbox GROUP BY state")
        outbox = dict(cr.fetchall())
        cr.execute("SELECT state, count(*) FROM mail_mail GROUP BY state")
        mails = dict(cr.fetchall())
    return {"outbox": outbox, "mail_mail": mails}


def run(records: int, odoo_wait: float, keep: bool, crash: str, two_servers: bool, sms: int, sms_rate: float) -> dict:
    db = "cm_bench_e2e"
    smtp_port = free_port()
    subprocess.run(["dropdb", "--if-exists", db], check=False)
    print(f"end-to-end: creating {db} with customer_messaging", flush=True)
    odoo("-d", db, f"--addons-path={TOP / 'addons'}", "-i", "customer_messaging", "--without-demo=all",
         "--stop-after-init", "--log-level=warn")  # fmt: skip
    sink = Sink(smtp_port)
    sink.controller.start()
    servers = Servers(db, smtp_port)
    try:
        http_port = servers.start()
        if two_servers:
            servers.start()
        client = Client(http_port, db)
        company = client.call("res.users", "read", [client.uid], ["company_id"])[0]["company_id"][0]
        client.call(
            "res.company",
            "write",
            [company],
            {"email": "shop@example.com", "messaging_email_daily_limit": 0, "messaging_email_monthly_limit": 0},
        )
        client.call("res.users", "write", [client.uid], {"email": "admin@example.com"})
        print(f"end-to-end: creating {records * 2 + 1} customers over XML-RPC", flush=True)
        one = client.call(
            "res.partner",
            "create",
            [{"name": "Single", "email": "single@example.com", "messaging_accepts_email": True}],
        )[0]
        ours_ids = client.customers("ours", records)
        odoo_ids = client.customers("odoo", records)
        results: dict = {
            "records": records,
            "servers": len(servers.procs),
            "workers": 2,
            "cron_workers": 2,
            "crash": crash or None,
        }

        # 1. one email, written to one customer
        index = sink.count()
        started = time.monotonic()
        client.send([one], "Your visit", "<p>Hello @CUSTOMERNAME@</p>")
        results["one_email"] = wait_for(sink, index, {"single@example.com"}, started, 60)
        print(f"end-to-end: one email at the SMTP server after {results['one_email']['first_s']} s", flush=True)

        # 2. a bulk to N customers, as a user starts it
        index = sink.count()
        started = time.monotonic()
        action = client.send(ours_ids, "News from @COMPANYNAME@", "<p>Hello @CUSTOMERNAME@, our news.</p>")
        queued_s = time.monotonic() - started
        expected = {f"ours{i}@example.com" for i in range(records)}
        ours = watch(sink, index, expected, started, 1800, servers, crash)
        ours["queued_s"] = round(queued_s, 2)
        client = Client(servers.ports[0], db)  # the server may have been started again
        bulk = client.call("messaging.bulk", "read", [action["res_id"]], ["state", "sent_count", "failed_count"])[0]
        ours["bulk_state"] = bulk["state"]
        ours["peak_server_rss_mib"] = round(servers.peak_rss_mib)
        ours["left_in_between"] = leftovers(db)
        results["ours_bulk"] = ours

        # 3. the same through Odoo's own mass-mail composer
        index = sink.count()
        started = time.monotonic()
        wizard = client.call(
            "mail.compose.message",
            "create",
            [
                {
                    "composition_mode": "mass_mail",
                    "model": "res.partner",
                    "res_ids": repr(odoo_ids),
                    "subject": "News",
                    "body": "<p>Hello, our news.</p>",
                }
            ],
        )[0]
        client.call("mail.compose.message", "action_send_mail", [wizard])
        queued_s = time.monotonic() - started
        theirs = wait_for(sink, index, {f"odoo{i}@example.com" for i in range(records)}, started, odoo_wait)
        theirs["queued_s"] = round(queued_s, 2)
        results["odoo_mass_mail"] = theirs

        # 4. SMS, through the provider, at its rate
        if sms:
            print(f"end-to-end: {sms} SMS through a loopback Twilio server at {sms_rate}/s", flush=True)
            results["sms"] = sms_stage(client, company, sms, sms_rate)
        return results
    finally:
        servers.stop()
        sink.controller.stop()
        if not keep:
            time.sleep(1)
            subprocess.run(["dropdb", "--if-exists", db], check=False)


def show(results: dict) -> None:
    one, ours, theirs = results["one_email"], results["ours_bulk"], results["odoo_mass_mail"]
    n = results["records"]

    def last(r):
        return (
            f"{r['last_s']} s" if r["last_s"] is not None else f"not all within {r['waited_s']} s ({r['arrived']}/{n})"
        )

    print(
        f"end-to-end, {n} consenting customers, {results['servers']} server(s) of 2 HTTP workers and 2 cron "
        "workers, nothing triggered by hand:"
    )
    for event in ours.get("crash") or []:
        print(f"  during the bulk: {event}")
    print(f"  one email written to one customer: at the SMTP server after {one['first_s']} s (goal <= 5 s)")
    print(f"  {'':34} {'ours':>24} {'Odoo mass mail':>28}")
    for label, key in (("all queued (s)", "queued_s"), ("first email at SMTP (s)", "first_s")):
        print(f"  {label:34} {ours[key]!s:>24} {theirs[key]!s:>28}")
    print(f"  {'last email at SMTP':34} {last(ours):>24} {last(theirs):>28}")
    print(f"  {'emails per second':34} {ours['per_second']!s:>24} {theirs['per_second']!s:>28}")
    for label, key in (
        ("duplicates (recipient)", "duplicate_recipients"),
        ("duplicates (Message-Id)", "duplicate_message_ids"),
        ("losses", "lost"),
    ):
        print(f"  {label:34} {ours[key]!s:>24} {theirs[key]!s:>28}")
    print(f"  peak server memory during our bulk: {ours['peak_server_rss_mib']} MiB (every process)")
    print(f"  rows left after it: {ours['left_in_between']}")
    if sms := results.get("sms"):
        print(
            f"  SMS bulk of {sms['expected']}: queued in {sms['queued_s']} s, first at the provider after "
            f"{sms['first_s']} s (goal <= 10 s), last after {sms['last_s']} s; {sms['achieved_rate']}/s for "
            f"{sms['configured_rate']}/s configured; {sms['arrived']} arrived, {sms['duplicates']} duplicates, "
            f"{sms['lost']} lost, {sms['attempts']} attempts"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--big", action="store_true", help="10,000 customers")
    parser.add_argument("--odoo-wait", type=float, default=120, help="seconds to wait for Odoo's own mass mail")
    parser.add_argument(
        "--crash",
        choices=["kill", "restart"],
        default="",
        help="kill -9 a worker twice during the bulk, or stop and start the whole server mid-send",
    )
    parser.add_argument("--two-servers", action="store_true", help="two Odoo servers on the same database")
    parser.add_argument("--sms", type=int, default=500, help="SMS in the SMS bulk (0: none)")
    parser.add_argument("--sms-rate", type=float, default=10.0, help="the SMS provider's messages per second")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    opts = parser.parse_args()
    try:
        import odoo.release  # noqa: F401
    except ImportError:
        print("end-to-end: Odoo 18 is not importable: the end-to-end benchmark did NOT run")
        return 0
    os.environ.setdefault("PGAPPNAME", "cm-bench-e2e")
    records = 10000 if opts.big else opts.records
    results = run(records, opts.odoo_wait, opts.keep, opts.crash, opts.two_servers, opts.sms, opts.sms_rate)
    show(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "end_to_end.json").write_text(json.dumps(results, indent=2) + "\n")
    ours = results["ours_bulk"]
    sms = results.get("sms") or {"lost": 0, "duplicates": 0}
    # no duplicate even when a worker dies between the SMTP server's answer and Odoo's
    # commit: the email is recorded at once on a cursor of its own (messaging.smtp.delivery)
    allowed = 0
    ok = (
        results["one_email"]["first_s"] is not None
        and not ours["lost"]
        and ours["duplicate_recipients"] <= allowed
        and not sms["lost"]
        and not sms["duplicates"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
