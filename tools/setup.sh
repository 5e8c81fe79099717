#!/bin/sh
# make setup: install the project and its Python dependencies into the interpreter the
# project uses (tools/find-python.sh). Where no Odoo 18 is importable, try Odoo's official
# 18.0 distribution; without network, say so plainly: `make test` then runs the pure suite only.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
PY=$(sh tools/find-python.sh)
if [ ! -x "$PY" ]; then
    base=$(command -v python3.11 || command -v python3)
    echo "setup: creating .venv with $base"
    "$base" -m venv .venv
    PY="$top/.venv/bin/python"
fi
# An Odoo found in a virtualenv outside the repository becomes the project's .venv (a
# link), so that every tool looking for .venv/bin/python uses the same interpreter.
if [ ! -e .venv ] && [ "$PY" != "$top/.venv/bin/python" ]; then
    prefix=$("$PY" -c 'import sys; print(sys.prefix if sys.prefix != sys.base_prefix else "")')
    if [ -n "$prefix" ]; then
        ln -s "$prefix" .venv
        echo "setup: .venv -> $prefix"
    fi
fi
pip_install() { "$PY" -m pip install --disable-pip-version-check -q "$@"; }
echo "setup: installing messaging-core and the test/lint tools into $PY"
pip_install -e ".[test,lint]"
if "$PY" -c 'import odoo.release' >/dev/null 2>&1; then
    echo "setup: Odoo $("$PY" -c 'import odoo.release as r; print(r.version)') found"
else
    echo "setup: no Odoo 18 importable; trying Odoo's official 18.0 distribution (${ODOO_URL:=https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz})"
    if timeout "${ODOO_DOWNLOAD_TIMEOUT:-120}" "$PY" -m pip install --disable-pip-version-check -q \
            --timeout 20 --retries 1 "$ODOO_URL" "jinja2>=3.1.6"; then
        echo "setup: Odoo installed from the official distribution"
    else
        echo "setup: Odoo 18 is NOT installed (no importable Odoo, official distribution unreachable)."
        echo "setup: \`make test\` will run the pure suite only. Set ODOO_PYTHON to an interpreter with Odoo 18 to run the Odoo suite."
        exit 0
    fi
fi
# OCA helpdesk_mgmt (18.0 series) for incident_notify
pip_install "odoo-addon-helpdesk-mgmt>=18.0,<18.1dev" || echo "setup: OCA helpdesk_mgmt could not be installed"
