#!/bin/sh
# make test: the pure suite (plain pytest), then the Odoo suite where `import odoo` works.
# The last line sums both: "total: N passed, N failed, N skipped". Exit non-zero on any failure.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
PY=$(sh tools/find-python.sh)
if [ ! -x "$PY" ]; then echo "test: no interpreter; run \`make setup\` first"; exit 2; fi
mkdir -p var
status=0
"$PY" -m pytest tests -q --junitxml=var/pytest.xml || status=1
pure=$("$PY" - <<'PYEOF'
import xml.etree.ElementTree as ET
try:
    s = ET.parse("var/pytest.xml").getroot()
    s = s if s.tag == "testsuite" else s.find("testsuite")
    t, f, e, k = (int(s.get(x, 0)) for x in ("tests", "failures", "errors", "skipped"))
    print(t - f - e - k, f + e, k)
except Exception:
    print(0, 1, 0)
PYEOF
)
set -- $pure
passed=$1; failed=$2; skipped=$3
if [ "$passed" -eq 0 ]; then echo "test: the pure suite ran no test"; status=1; fi
if "$PY" -c 'import odoo.release' >/dev/null 2>&1; then
    "$PY" tools/odoo_suite.py $ODOO_SUITE_ARGS > var/odoo-suite.out 2>&1
    rc=$?
    cat var/odoo-suite.out
    [ $rc -eq 0 ] || status=1
    line=$(grep -E '^odoo: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' var/odoo-suite.out | tail -n 1)
    if [ -n "$line" ]; then
        set -- $line
        passed=$((passed + $2)); failed=$((failed + $4)); skipped=$((skipped + $6))
    else
        failed=$((failed + 1))
    fi
else
    echo "odoo: Odoo 18 is not importable with $PY: the Odoo suite did NOT run (pure suite only)"
fi
echo "total: $passed passed, $failed failed, $skipped skipped"
exit $status
