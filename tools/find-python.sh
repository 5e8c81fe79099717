#!/bin/sh
# Print the Python interpreter the project uses.
# 1. $PYTHON if set; 2. an interpreter where `import odoo` works: $ODOO_PYTHON, the project's
#    .venv, /opt/odoo18/venv (where a machine-wide Odoo 18 is kept), python3 on PATH;
# 3. otherwise the project's own .venv (created by `make setup`), with no Odoo.
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; exit 0; fi
for py in "${ODOO_PYTHON:-}" "$top/.venv/bin/python" /opt/odoo18/venv/bin/python "$(command -v python3)"; do
    [ -n "$py" ] && [ -x "$py" ] || continue
    if "$py" -c 'import odoo.release as r; assert r.version_info[0] == 18' >/dev/null 2>&1; then
        echo "$py"; exit 0
    fi
done
echo "$top/.venv/bin/python"
