"""Run the Odoo suite: a throw-away database with every addon of the repository.

1. create a database and install the dependencies of ``customer_messaging`` (without
   tests, so Odoo runs only the tests we ask for);
2. install ``customer_messaging`` with tests enabled, running its tests;
3. run Odoo's own tests of the modules it extends again (``ODOO_OWN_SUITES``: their
   query counts are for a database without accounting or sales);
4. install the other addons of the repository (debtor_notify, rating_widget,
   incident_notify and the bridges to Invoicing, Sales, CRM, Repairs...) with their
   dependencies, running their tests; then the tests of the OCA modules we extend
   (``OCA_OWN_SUITES``) with every module loaded;
4b. install addons alone on databases of their own (``INSTALL_ALONE``): each brings
   only what it declares, and a bridge comes by itself when its app is installed later;
4c. upgrade a database made by an earlier release (``UPGRADE_FROM``, taken from this
   repository's history) and check that its data survived (``UPGRADE_CHECKS``);
4d. build the wheels (``tools/dist.py``), install them into a new virtualenv that has
   Odoo, and install every addon from them;
5. drop the database, print one closing line ``odoo: N passed, N failed``.

Exit code: 0 when every test passed, 1 otherwise (2 when Odoo is not importable).
Usage: python tools/odoo_suite.py [--keep] [--addons a,b] [--test-tags TAGS] [--no-odoo-own] [--db NAME]
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
ADDONS = TOP / "addons"
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
SKIPPED = re.compile(r" INFO \S+ odoo\.addons\.[\w.]+: skipped \S+ : (.*)$", re.M)


def repo_addons() -> list[str]:
    return sorted(p.parent.name for p in ADDONS.glob("*/__manifest__.py"))


def manifest(name: str) -> dict:
    return ast.literal_eval((ADDONS / name / "__manifest__.py").read_text())


def external_dependencies(addons: list[str]) -> list[str]:
    """Dependencies of our addons that are not our addons, in manifest order."""
    seen: list[str] = []
    for name in addons:
        for dep in manifest(name).get("depends", []):
            if dep not in addons and dep not in seen:
                seen.append(dep)
    return seen


# the addon every other one builds on: tested first, on a database without accounting
CORE = "customer_messaging"


def free_port() -> int:
    """A free TCP port for the test server (HttpCase, tours): 8069 may be a running demo."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


HTTP_PORT = os.environ.get("ODOO_TEST_HTTP_PORT") or str(free_port())


def missing_odoo_modules(addon: str) -> list[str]:
    """The Odoo modules ``addon`` depends on (directly or through our addons) that this
    Odoo does not have."""
    # imported here, not at the top: the suite must start, and say so, without Odoo
    from odoo.modules.module import get_module_path

    ours = set(repo_addons())
    missing, todo, seen = [], [addon], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in ours:
            todo.extend(manifest(name).get("depends", []))
        elif not get_module_path(name, display_warning=False):
            missing.append(name)
    return sorted(missing)


def run_odoo(db: str, *args: str, log: Path, addons_path: Path = ADDONS) -> tuple[int, str]:
    log.unlink(missing_ok=True)  # Odoo appends to its log file: count this run only
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "--database",
        db,
        f"--addons-path={addons_path}",
        "--stop-after-init",
        f"--http-port={HTTP_PORT}",
        "--log-level=info",
        f"--logfile={log}",
        *args,
    ]
    if os.environ.get("PGHOST"):
        cmd.append(f"--db_host={os.environ['PGHOST']}")
    proc = subprocess.run(cmd, cwd=TOP, check=False)
    return proc.returncode, log.read_text(errors="replace") if log.exists() else ""


# Odoo's own tests run again with our addons installed, to show we change nothing they
# check: (modules to install, modules to update, test tags).
# Each addon installs with what it declares, no more: (what it shows, databases of their
# own: the modules installed one step after the other, then {module: installed?})
INSTALL_ALONE = [
    (
        "a helpdesk-only company: incident_notify brings no Invoicing and no Sales",
        [["incident_notify"]],
        {
            "incident_notify": True,
            "rating_widget": True,
            "account": False,
            "sale": False,
            "customer_messaging_account": False,
            "rating_widget_account": False,
        },
    ),
    (
        "customer_messaging with Contacts only, then Sales installed later brings its bridges",
        [["customer_messaging", "contacts"], ["sale"]],
        {
            "customer_messaging": True,
            "customer_messaging_sale": True,
            "customer_messaging_account": True,
            "customer_messaging_crm": False,
        },
    ),
]

# A database of an earlier release upgraded by this one keeps its data: (commit of this
# repository, what it was, modules installed from it).
UPGRADE_FROM = (
    "135924f8b9b344588324d1a5ae03f7dba561b5c8",
    "customer_messaging 18.0.1.4.0, before the fields added to shared models lost their cm_, rw_ and in_ prefixes",
    ["customer_messaging", "incident_notify", "debtor_notify", "contacts"],
)
# SQL run on the old database, then (SQL, expected output) on the upgraded one
UPGRADE_SETUP = [
    "UPDATE res_company SET cm_sms_hours_start = 7.5, cm_email_daily_limit = 321 WHERE id = 1",
    "UPDATE res_partner SET cm_accepts_sms = true, cm_sms_consent_source = 'manual' WHERE id = 3",
    "UPDATE res_company SET rw_token_days = 17, in_notify_closed = true WHERE id = 1",
    # a customised French reminder template, which becomes the French of the level's template
    "UPDATE messaging_template SET subject = 'Rappel personnalisé, @COMPANYNAME@' WHERE id = "
    "(SELECT res_id FROM ir_model_data WHERE module = 'debtor_notify' AND name = 'template_friendly_fr')",
    "CREATE TABLE upgrade_check AS SELECT id FROM ir_model_fields"
    " WHERE model = 'res.partner' AND name = 'cm_accepts_sms'",
]
UPGRADE_CHECKS = [
    ("SELECT messaging_sms_hours_start, messaging_email_daily_limit FROM res_company WHERE id = 1", "7.5|321"),
    ("SELECT messaging_accepts_sms, messaging_sms_consent_source FROM res_partner WHERE id = 3", "t|manual"),
    (
        "SELECT count(*) FROM ir_model_fields f JOIN upgrade_check c USING (id)"
        " WHERE f.model = 'res.partner' AND f.name = 'messaging_accepts_sms'",
        "1",
    ),
    ("SELECT rating_widget_token_days, incident_notify_closed FROM res_company WHERE id = 1", "17|t"),
    (
        "SELECT count(*) FROM ir_model_fields WHERE name LIKE 'cm\\_%' OR name LIKE 'rw\\_%'"
        " OR (name LIKE 'in\\_%' AND model IN ('res.company', 'res.config.settings', 'helpdesk.ticket'))",
        "0",
    ),
    (
        "SELECT t.subject->>'fr_FR', t.subject->>'en_US' FROM debtor_reminder_level l"
        " JOIN messaging_template t ON t.id = l.email_template_id"
        " JOIN ir_model_data d ON d.res_id = l.id AND d.model = 'debtor.reminder.level'"
        " WHERE d.module = 'debtor_notify' AND d.name = 'level_friendly'",
        "Rappel personnalisé, @COMPANYNAME@|Reminder: invoices to pay, @COMPANYNAME@",
    ),
    ("SELECT latest_version FROM ir_module_module WHERE name = 'customer_messaging'", None),
]

# OCA modules we extend whose own tests run again with our addons installed (every
# module loaded: tools/run_addon_tests_loaded.py), when one of our addons depends on them
OCA_OWN_SUITES = ["helpdesk_mgmt"]
LOADED_RESULT = re.compile(
    r"^(\S+) \((\w+) tests, all modules loaded\): (\d+) passed, (\d+) failed, (\d+) skipped$", re.M
)

ODOO_OWN_SUITES = [
    ("test_mail_sms", "sms", "/test_mail_sms,/sms"),
    # Odoo's query counts of message_post and mail sending: the history hook must add none
    (
        "test_mail",
        None,
        "/test_mail:TestBaseMailPerformance,/test_mail:TestBaseAPIPerformance,/test_mail:TestMailAPIPerformance,"
        "/test_mail:TestMessageToStorePerformance,/test_mail:TestPerformance",
    ),
]


def count(text: str) -> tuple[int, int, int, list[str]]:
    """(tests run, failed or in error, skipped, problem lines) of one Odoo log."""
    failed = total = 0
    for match in RESULT.finditer(text):
        f, e, t = map(int, match.groups())
        failed, total = failed + f + e, total + t
    skipped = len(SKIPPED.findall(text))
    problems = [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line or ": FAIL:" in line]
    return total, failed, skipped, problems


def run_loaded_suite(db: str, module: str, logdir: Path) -> tuple[int, int, int]:
    """An OCA module's own tests, with every installed module loaded (ours included)."""
    log = logdir / f"odoo-tests-{module}.log"
    cmd = [sys.executable, str(TOP / "tools" / "run_addon_tests_loaded.py"), "-d", db, f"--addons-path={ADDONS}"]
    cmd += [f"--http-port={HTTP_PORT}", "--log-level=info", f"--logfile={log}"]
    if os.environ.get("PGHOST"):
        cmd.append(f"--db_host={os.environ['PGHOST']}")
    print(f"odoo: {module}'s own tests, every module loaded", flush=True)
    log.unlink(missing_ok=True)
    proc = subprocess.run([*cmd, module], cwd=TOP, capture_output=True, text=True, check=False)
    ran = bad = skipped = 0
    for match in LOADED_RESULT.finditer(proc.stdout):
        ran, bad, skipped = ran + int(match[3]), bad + int(match[4]), skipped + int(match[5])
    if proc.returncode and not bad:
        print(proc.stdout[-2000:] + proc.stderr[-2000:])
        bad = 1
    text = log.read_text(errors="replace") if log.exists() else ""
    for line in [line for line in text.splitlines() if ": FAIL:" in line or " ERROR " in line][:30]:
        print(line)
    print(f"odoo: {module}-own: {ran} passed, {bad} failed, {skipped} skipped (log: {log.relative_to(TOP)})")
    return ran, bad, skipped


def install_alone(db: str, steps: list[list[str]], expected: dict[str, bool], log: Path, what: str) -> bool:
    """Install ``steps`` one after the other on a database of their own; check ``expected``."""
    subprocess.run(["dropdb", "--if-exists", db], check=False)
    try:
        for modules in steps:
            print(f"odoo: alone: -i {','.join(modules)} on {db}", flush=True)
            rc, text = run_odoo(db, "-i", ",".join(modules), log=log)
            if rc:
                print(text[-3000:])
                print(f"odoo: alone: FAIL: {what}: installing {','.join(modules)} failed (exit {rc})")
                return False
        query = "SELECT name FROM ir_module_module WHERE state = 'installed'"
        done = subprocess.run(["psql", "-d", db, "-Atc", query], capture_output=True, text=True, check=False)
        installed = set(done.stdout.split())
        wrong = {name: name in installed for name, want in expected.items() if (name in installed) != want}
        if wrong:
            print(f"odoo: alone: FAIL: {what}: installed? {wrong} (expected the opposite)")
            return False
        print(f"odoo: alone: ok: {what}")
        return True
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)


def psql(db: str, query: str) -> tuple[int, str]:
    done = subprocess.run(["psql", "-d", db, "-v", "ON_ERROR_STOP=1", "-Atc", query], capture_output=True, text=True)
    return done.returncode, (done.stdout + done.stderr).strip()


def upgrade_from_earlier(db: str, log: Path) -> bool | None:
    """Install ``UPGRADE_FROM``'s addons, write data, upgrade with ours, check the data.
    None (not run) when this checkout has no history to take that release from."""
    commit, what, modules = UPGRADE_FROM
    old = TOP / "var" / "upgrade-from"
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit, "addons"], cwd=TOP, capture_output=True, check=False)
    if archive.returncode:
        print(f"odoo: upgrade: NOT RUN: this checkout does not have commit {commit[:10]} ({what})")
        return None
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    subprocess.run(["dropdb", "--if-exists", db], check=False)
    try:
        print(f"odoo: upgrade: -i {','.join(modules)} from {commit[:10]} ({what})", flush=True)
        rc, text = run_odoo(db, "-i", ",".join(modules), log=log, addons_path=old / "addons")
        for query in UPGRADE_SETUP if not rc else []:
            rc, text = psql(db, query)
            if rc:
                break
        if not rc:
            print("odoo: upgrade: -u customer_messaging with this checkout's addons", flush=True)
            rc, text = run_odoo(db, "-u", "customer_messaging", log=log)
        if rc:
            print(text[-3000:])
            print(f"odoo: upgrade: FAIL: {what} (exit {rc})")
            return False
        for query, expected in UPGRADE_CHECKS:
            rc, got = psql(db, query)
            want = expected if expected is not None else manifest("customer_messaging")["version"]
            if rc or got != want:
                print(f"odoo: upgrade: FAIL: {query!r} gave {got!r}, expected {want!r}")
                return False
        print(f"odoo: upgrade: ok: a database of {what} upgraded, its data kept")
        return True
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)
        shutil.rmtree(old, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=f"cm_test_{os.getpid()}")
    parser.add_argument("--addons", default=",".join(repo_addons()))
    parser.add_argument("--test-tags", default="", help="run these tags instead of every test of our addons")
    parser.add_argument("--no-odoo-own", action="store_true", help="skip Odoo's own tests of what we extend")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    opts = parser.parse_args()
    try:
        import odoo.release  # noqa: F401  (is Odoo importable?)
    except ImportError:
        print("odoo: Odoo 18 is not importable here: the Odoo suite did NOT run")
        return 2

    addons = [a for a in opts.addons.split(",") if a]
    # a bridge to an Odoo module this Odoo does not have (sms_twilio, in 18.0 builds from
    # mid-2025 only) cannot be installed here: said, and counted as skipped
    unavailable = {a: missing for a in addons if (missing := missing_odoo_modules(a))}
    for addon, missing in unavailable.items():
        print(f"odoo: NOT RUN: {addon}: this Odoo has no {', '.join(missing)} (see its readme/)")
    addons = [a for a in addons if a not in unavailable]
    logdir = TOP / "var" / "log"
    logdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dropdb", "--if-exists", opts.db], check=False)
    started = time.monotonic()
    passed, failed, skipped_all = 0, 0, len(unavailable)
    try:
        core = [a for a in addons if a == CORE] or addons[:1]
        others = [a for a in addons if a not in core]
        deps = external_dependencies(core)
        print(f"odoo: installing dependencies in {opts.db}: {', '.join(deps)}", flush=True)
        rc, text = run_odoo(opts.db, "-i", ",".join(deps), log=logdir / "odoo-deps.log")
        if rc:
            print(text[-4000:])
            print(f"odoo: installing the dependencies failed (exit {rc}); see var/log/odoo-deps.log")
            print("odoo: 0 passed, 1 failed")
            return 1
        if opts.test_tags:
            # chosen tests only: every addon installed at once, then the tags
            phases = [("chosen", ["-i", ",".join(addons)], opts.test_tags)]
        else:
            phases = [("ours", ["-i", ",".join(core)], ",".join(f"/{a}" for a in core))]
            if not opts.no_odoo_own:
                phases += [
                    (
                        f"odoo-{install or update}",
                        [*(["-i", install] if install else []), *(["-u", update] if update else [])],
                        tags,
                    )
                    for install, update, tags in ODOO_OWN_SUITES
                ]
            if others:
                # their dependencies (accounting, sales, helpdesk...) come with them
                phases.append(("ours-suite", ["-i", ",".join(others)], ",".join(f"/{a}" for a in others)))
        for name, args, tags in phases:
            log = logdir / f"odoo-tests-{name}.log"
            print(f"odoo: {' '.join(args)} --test-tags={tags}", flush=True)
            rc, text = run_odoo(opts.db, *args, "--test-enable", f"--test-tags={tags}", log=log)
            total, bad, skipped, problems = count(text)
            for line in problems[:60]:
                print(line)
            for reason in sorted(set(SKIPPED.findall(text))):
                print(f"odoo: {name}: skipped: {reason}")
            if rc and not bad:
                bad = 1  # Odoo failed without counting a test (e.g. a module failed to install)
            if problems and not bad:
                bad = len(problems)
            ran = max(total - bad - skipped, 0)
            print(f"odoo: {name}: {ran} passed, {bad} failed, {skipped} skipped (log: {log.relative_to(TOP)})")
            passed, failed, skipped_all = passed + ran, failed + bad, skipped_all + skipped
        if not opts.test_tags and not opts.no_odoo_own:
            for module in [m for m in OCA_OWN_SUITES if m in external_dependencies(addons)]:
                ran, bad, skipped = run_loaded_suite(opts.db, module, logdir)
                passed, failed, skipped_all = passed + ran, failed + bad, skipped_all + skipped
        if not opts.test_tags and set(repo_addons()) <= set(addons) | set(unavailable):
            for index, (what, steps, expected) in enumerate(INSTALL_ALONE):
                ok = install_alone(f"{opts.db}_alone{index}", steps, expected, logdir / f"odoo-alone-{index}.log", what)
                passed, failed = passed + ok, failed + (not ok)
            upgraded = upgrade_from_earlier(f"{opts.db}_upgrade", logdir / "odoo-upgrade.log")
            if upgraded is None:
                skipped_all += 1
            else:
                passed, failed = passed + upgraded, failed + (not upgraded)
            dist = [sys.executable, str(TOP / "tools" / "dist.py"), "--check", "--db", f"{opts.db}_dist"]
            wheels = subprocess.run(dist, check=False)
            passed, failed = passed + (wheels.returncode == 0), failed + (wheels.returncode != 0)
    finally:
        if not opts.keep:
            subprocess.run(["dropdb", "--if-exists", opts.db], check=False)
    print(f"odoo: tests took {time.monotonic() - started:.0f}s")
    print(f"odoo: {passed} passed, {failed} failed, {skipped_all} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
