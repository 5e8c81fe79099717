"""Build the suite as OCA builds its addons, and prove the wheels install.

``python tools/dist.py`` (``make dist``) writes to ``dist/``:

- ``messaging_core-<version>-py3-none-any.whl``: the pure engine (``setup.cfg``);
- one ``odoo_addon_<name>-18.0.x.y.z-py3-none-any.whl`` per addon, built by ``whool``
  (the build backend OCA's 18.0 repositories use, each addon's ``pyproject.toml``): its
  version is the manifest's, its requirements are the addons it depends on
  (``odoo-addon-<name>``, Odoo's own addons as ``odoo``) and its
  ``external_dependencies`` (``messaging-core``, ``twilio``...).

``python tools/dist.py --check [--db NAME]`` builds them, installs them with ``pip
--no-deps`` into a new virtualenv that has Odoo (the Odoo source and the packages of
the interpreter running this script are put on its path), checks that every
requirement the wheels declare is met there, then installs every addon on a new
database with Odoo's default addons path, so that Odoo can only find them in the
wheels. Prints ``dist: ok`` or ``dist: FAIL: <why>``; exit code 0 or 1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import sysconfig
import zipfile
from email.parser import Parser
from pathlib import Path

from odoo_suite import missing_odoo_modules, psql

TOP = Path(__file__).resolve().parent.parent
ADDONS = TOP / "addons"
DIST = TOP / "dist"
VENV = TOP / "var" / "dist-venv"
#: installed together on the check's database: every addon, and the apps their bridges need
INSTALL = [
    "customer_messaging",
    "debtor_notify",
    "incident_notify",
    "rating_widget",
    "sale_management",
    "crm",
    "repair",
    "mass_mailing",
    "account_payment",
]


def addon_names() -> list[str]:
    return sorted(p.parent.name for p in ADDONS.glob("*/__manifest__.py"))


def build() -> list[Path]:
    """Every wheel of the suite, fresh, in ``dist/``."""
    DIST.mkdir(exist_ok=True)
    for old in DIST.glob("*.whl"):
        old.unlink()
    sources = [TOP] + [ADDONS / name for name in addon_names()]
    for source in sources:
        print(f"dist: building {source.relative_to(TOP) if source != TOP else 'messaging-core'}", flush=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(DIST), str(source)],
            cwd=TOP,
            check=True,
        )
    wheels = sorted(DIST.glob("*.whl"))
    print(f"dist: {len(wheels)} wheels in dist/")
    return wheels


def wheel_metadata(wheel: Path) -> tuple[str, str, list[str]]:
    """``(name, version, requirements)`` of ``wheel``."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = Parser().parsestr(archive.read(name).decode())
    return message["Name"], message["Version"], message.get_all("Requires-Dist") or []


def make_venv() -> Path:
    """A new virtualenv whose path holds Odoo: the Odoo source and this interpreter's
    packages (Odoo's requirements), not our addons nor our engine."""
    import odoo

    subprocess.run([sys.executable, "-m", "venv", "--clear", "--without-pip", str(VENV)], check=True)
    python = VENV / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    odoo_source = Path(odoo.__file__).resolve().parent.parent
    (purelib / "odoo-from-the-machine.pth").write_text(f"{odoo_source}\n{sysconfig.get_paths()['purelib']}\n")
    return python


def check(db: str) -> bool:
    wheels = build()
    python = make_venv()
    print("dist: installing the wheels into a new virtualenv that has Odoo", flush=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", *map(str, wheels)],
        check=True,
    )
    # every requirement the wheels declare is met where they are installed
    requirements = sorted(
        {req for wheel in wheels for req in wheel_metadata(wheel)[2] if "extra ==" not in req}  # not test/lint tools
    )
    probe = subprocess.run(
        [str(python), "-c", _REQUIREMENTS_PROBE, *requirements], capture_output=True, text=True, check=False
    )
    if probe.returncode:
        print(f"dist: FAIL: requirements not met in the new virtualenv:\n{probe.stdout}{probe.stderr}")
        return False
    print(f"dist: {len(requirements)} requirements met: {', '.join(requirements)}")
    subprocess.run(["dropdb", "--if-exists", db], check=False)
    try:
        print(f"dist: -i {','.join(INSTALL)} from the wheels only (Odoo's default addons path)", flush=True)
        log = TOP / "var" / "log" / "odoo-dist.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [str(python), "-m", "odoo", "-d", db, "-i", ",".join(INSTALL), "--stop-after-init", "--http-port=8133",
             f"--logfile={log}", "--log-level=warn"],
            cwd=TOP / "var",
            check=False,
        )  # fmt: skip
        if done.returncode:
            print(log.read_text(errors="replace")[-3000:])
            print("dist: FAIL: installing the addons from the wheels failed")
            return False
        __, installed = psql(db, "SELECT name FROM ir_module_module WHERE state = 'installed'")
        # a bridge to an Odoo module this Odoo lacks (sms_twilio) is not installable here
        expected = {name for name in addon_names() if not missing_odoo_modules(name)}
        missing = sorted(expected - set(installed.split()))
        where = subprocess.run(
            [str(python), "-c", "import odoo.addons.customer_messaging as m; print(m.__file__)"],
            capture_output=True,
            text=True,
            check=False,
            cwd=TOP / "var",
        ).stdout.strip()
        if missing or not where.startswith(str(VENV)):
            print(f"dist: FAIL: not installed from the wheels: {missing or where}")
            return False
        print(f"dist: ok: {len(expected)} addons installed from their wheels ({where})")
        return True
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)


_REQUIREMENTS_PROBE = """
import sys
from importlib.metadata import PackageNotFoundError, version
from packaging.requirements import Requirement
import odoo.release
bad = []
for text in sys.argv[1:]:
    req = Requirement(text)
    if req.marker and not req.marker.evaluate():
        continue
    if req.name == "odoo":
        found = odoo.release.version.split("-")[0] + ".0"  # 18.0 -> 18.0.0, as Odoo's sdist would say
    else:
        try:
            found = version(req.name)
        except PackageNotFoundError:
            bad.append(f"{text}: not installed")
            continue
    if not req.specifier.contains(found, prereleases=True):
        bad.append(f"{text}: {found} installed")
print("\\n".join(bad))
sys.exit(1 if bad else 0)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="install the built wheels and every addon from them")
    parser.add_argument("--db", default="cm_dist_check")
    opts = parser.parse_args()
    if not opts.check:
        build()
        return 0
    try:
        import odoo.release  # noqa: F401  (is Odoo importable?)
    except ImportError:
        print("dist: Odoo 18 is not importable here: the wheels were not installed (NOT RUN)")
        return 2
    return 0 if check(opts.db) else 1


if __name__ == "__main__":
    sys.exit(main())
