#!/bin/sh
# make setup: install the project and its Python dependencies into the interpreter the
# project uses (tools/find-python.sh), and prove that the Odoo it uses starts.
#
# 1. An Odoo 18 already importable (ODOO_PYTHON, .venv, /opt/odoo18/venv, python3) is used
#    as it is; one that is present but broken (say `odoo` turned into a namespace package
#    by OCA wheels next to a `pip install -e`) stops the setup with how to fix it.
# 2. Without one, Odoo's official 18.0 source distribution (ODOO_URL) is installed the way
#    Odoo's installation guide does it: its requirements.txt pins first (the versions of
#    Debian 12 / Ubuntu 24.04), with only the overrides this Python needs, then Odoo itself
#    without letting pip pick newer releases, then the project.
# 3. Without network (the distribution unreachable), it says so plainly and succeeds:
#    `make test` then runs the pure suite only and says the Odoo suite did not run.
# 4. Whatever the way, Odoo is started once on a throw-away database; a setup that
#    cannot start it fails with Odoo's own error.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
ODOO_URL=${ODOO_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}

say() { echo "setup: $*"; }
fail() { echo "setup: ERROR: $*" >&2; exit 1; }

PY=$(sh tools/find-python.sh)
if [ ! -x "$PY" ]; then
    base=$(command -v python3.11 || command -v python3)
    say "creating .venv with $base"
    "$base" -m venv .venv
    PY="$top/.venv/bin/python"
fi
# An Odoo found in a virtualenv outside the repository becomes the project's .venv (a
# link), so that every tool looking for .venv/bin/python uses the same interpreter.
if [ ! -e .venv ] && [ "$PY" != "$top/.venv/bin/python" ]; then
    prefix=$("$PY" -c 'import sys; print(sys.prefix if sys.prefix != sys.base_prefix else "")')
    if [ -n "$prefix" ]; then
        ln -s "$prefix" .venv
        say ".venv -> $prefix"
    fi
fi
pip_install() { "$PY" -m pip install --disable-pip-version-check -q "$@"; }

# --- what Odoo is there? ------------------------------------------------------------------
# ok: Odoo 18 imports whole; broken: an `odoo` is there but does not import as Odoo;
# none: no `odoo` at all.
odoo_state() {
    "$PY" - <<'EOF'
import importlib.util
spec = importlib.util.find_spec("odoo")
if spec is None:
    print("none")
else:
    try:
        from odoo import SUPERUSER_ID  # noqa: F401  (a namespace package has no such name)
        import odoo.release as r
        print("ok" if r.version_info[0] == 18 else "wrong-version %s" % r.version)
    except Exception as error:  # noqa: BLE001 (reported to the user as it is)
        print("broken %s: %s" % (type(error).__name__, error))
EOF
}

# the system libraries Odoo's requirements build against (psycopg2, python-ldap)
check_system_packages() {
    missing=""
    command -v pg_config >/dev/null 2>&1 || missing="$missing libpq-dev"
    [ -e /usr/include/ldap.h ] || missing="$missing libldap2-dev"
    [ -e /usr/include/sasl/sasl.h ] || missing="$missing libsasl2-dev"
    if [ -n "$missing" ]; then
        fail "Odoo's requirements need the system packages:$missing (Debian/Ubuntu: apt-get install$missing)"
    fi
}

install_official_odoo() {
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    say "downloading Odoo's official 18.0 distribution: $ODOO_URL"
    if ! "$PY" - "$ODOO_URL" "$work/odoo.tar.gz" <<'EOF'
import shutil, sys, urllib.request
url, target = sys.argv[1], sys.argv[2]
try:
    with urllib.request.urlopen(url, timeout=30) as response, open(target, "wb") as out:
        shutil.copyfileobj(response, out)
except Exception as error:  # noqa: BLE001
    print(f"setup: cannot download it: {error}")
    sys.exit(1)
EOF
    then
        return 1
    fi
    mkdir "$work/src"
    tar -xzf "$work/odoo.tar.gz" -C "$work/src"
    src=$(dirname "$(find "$work/src" -maxdepth 3 -name requirements.txt -path '*/*' | head -n 1)")
    [ -f "$src/requirements.txt" ] && [ -d "$src/odoo" ] || fail "$ODOO_URL holds no Odoo source (odoo/ and requirements.txt)"
    check_system_packages
    # Odoo's own pins, as its installation guide installs them; overrides only where a pin
    # has no wheel for this Python (cbor2 5.4.2) and the Jinja2 security fix (CVE-2024-56326)
    sed -e 's/^[Jj]inja2==[0-9.]*\(.*python_version > .3\.10.*\)$/Jinja2==3.1.6\1/' \
        -e 's/^cbor2==5\.4\.2\(.*\)$/cbor2==5.4.6\1/' \
        "$src/requirements.txt" > "$work/requirements.txt"
    say "installing Odoo's requirements.txt pins"
    pip_install -r "$work/requirements.txt"
    say "installing Odoo 18 itself (its dependencies are the pins above)"
    pip_install --no-deps "$src"
}

state=$(odoo_state)
case "$state" in
ok)
    say "Odoo $("$PY" -c 'import odoo.release as r; print(r.version)') found with $PY"
    ;;
none)
    if ! install_official_odoo; then
        say "Odoo 18 is NOT installed (no importable Odoo, and $ODOO_URL is unreachable)."
        say "\`make test\` will run the pure suite only and say that the Odoo suite did not run."
        say "To run it: give ODOO_URL (an Odoo 18.0 source tarball, file:// works) or ODOO_PYTHON (an interpreter with Odoo 18)."
        pip_install -e ".[test,lint]"
        exit 0
    fi
    state=$(odoo_state)
    [ "$state" = ok ] || fail "Odoo was installed from $ODOO_URL but does not import: $state"
    ;;
*)
    fail "an Odoo is installed for $PY but it is not a working Odoo 18 ($state).
  A common cause: Odoo installed with \`pip install -e\` next to OCA wheels, which install into
  site-packages/odoo/addons/ and turn \`odoo\` into a namespace package. Fix: uninstall that
  Odoo (pip uninstall odoo) and put its source folder on the path with a .pth file in
  site-packages (echo /path/to/odoo-src > \$(python -c 'import site; print(site.getsitepackages()[0])')/odoo-src.pth),
  or point ODOO_PYTHON at an interpreter where \`from odoo import SUPERUSER_ID\` works."
    ;;
esac

say "installing messaging-core and the test/lint tools into $PY"
pip_install -e ".[test,lint]"
# OCA helpdesk_mgmt (18.0 series) for incident_notify. Its only requirement is the `odoo`
# distribution: where Odoo is a source checkout on the path (no pip metadata), pip cannot
# see it, so the wheel goes in without dependencies.
if ! pip_install "odoo-addon-helpdesk-mgmt>=18.0,<18.1dev" 2>/dev/null; then
    pip_install --no-deps "odoo-addon-helpdesk-mgmt>=18.0,<18.1dev" || say "OCA helpdesk_mgmt could not be installed"
fi
# gevent 21.8 (Odoo's pin: the long-polling worker of a multi-worker server) imports
# pkg_resources, which setuptools 81 and later no longer ship: without it that worker dies
# at start, again and again, and the server's other workers with it
if ! "$PY" -c 'import pkg_resources' >/dev/null 2>&1; then
    say "setuptools without pkg_resources (gevent needs it): installing setuptools<81"
    pip_install "setuptools<81"
fi
state=$(odoo_state)
[ "$state" = ok ] || fail "installing the project's dependencies broke Odoo: $state"

# --- proof: Odoo starts ------------------------------------------------------------------
db="cm_setup_check_$$"
say "starting Odoo once on a throw-away database ($db) to prove it works"
log=$(mktemp)
if "$PY" -m odoo --database "$db" --addons-path="$top/addons" -i base --without-demo=all \
        --stop-after-init --no-http --log-level=warn >"$log" 2>&1; then
    started=yes
else
    started=no
fi
dropdb --if-exists "$db" >/dev/null 2>&1 || "$PY" -c "
import psycopg2; c = psycopg2.connect(dbname='postgres'); c.autocommit = True
c.cursor().execute('DROP DATABASE IF EXISTS \"$db\"')" >/dev/null 2>&1 || true
if [ "$started" = no ] || grep -qE 'ImportError|ModuleNotFoundError|Traceback' "$log"; then
    tail -n 30 "$log" >&2
    rm -f "$log"
    fail "Odoo does not start (its error above). Nothing else was checked."
fi
rm -f "$log"
say "Odoo $("$PY" -c 'import odoo.release as r; print(r.version)') starts: ready (\`make test\`, \`make demo\`)"
