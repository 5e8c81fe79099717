"""Repository hygiene: what Odoo's runner or packaging would silently get wrong."""

import ast
import re
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (TOP / "addons").glob("*/__manifest__.py"))


def _manifest(addon: Path) -> dict:
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def test_there_are_addons():
    assert [a.name for a in ADDONS][:1] == ["customer_messaging"]


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_every_test_module_is_imported(addon):
    """Odoo's runner only runs the test modules tests/__init__.py imports."""
    tests = addon / "tests"
    if not tests.is_dir():
        pytest.skip("no tests")
    modules = {p.stem for p in tests.glob("test_*.py")}
    imported = set(re.findall(r"^from \. import (test_\w+)", (tests / "__init__.py").read_text(), re.M))
    assert modules == imported


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_manifest(addon):
    manifest = _manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] in {"LGPL-3", "AGPL-3"}
    for key in ("name", "summary", "author", "website", "depends", "data"):
        assert manifest.get(key), key
    for path in manifest.get("data", []) + manifest.get("demo", []):
        assert (addon / path).is_file(), path
    for section in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md", "CONTRIBUTORS.md"):
        assert (addon / "readme" / section).is_file(), section
    assert (addon / "README.rst").is_file()


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_every_model_has_access_rights(addon):
    """A model (with a table) without an access row is unusable by anyone but the superuser."""
    declared = set()
    for path in addon.glob("**/*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Attribute) and base.attr in ("Model", "TransientModel") for base in node.bases
            ):  # abstract models have no table, hence no access rows
                attrs = {
                    t.id: n.value
                    for n in node.body
                    if isinstance(n, ast.Assign)
                    for t in n.targets
                    if isinstance(t, ast.Name)
                }
                name, inherit = attrs.get("_name"), attrs.get("_inherit")
                extends_itself = isinstance(inherit, ast.Constant) and inherit.value == getattr(name, "value", None)
                if isinstance(name, ast.Constant) and not extends_itself:
                    declared.add(name.value)
    acl = (addon / "security" / "ir.model.access.csv").read_text() if declared else ""
    for model in declared:
        assert f"model_{model.replace('.', '_')}," in acl, model


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_french_translation_is_complete(addon):
    """Every string of the addon's template has a French translation."""
    pot = addon / "i18n" / f"{addon.name}.pot"
    po = addon / "i18n" / "fr.po"
    assert pot.is_file() and po.is_file()
    msgids = set(re.findall(r'^msgid "(.+)"$', pot.read_text(), re.M))
    text = po.read_text()
    entries = re.findall(r'^msgid "(.*)"\n((?:".*"\n)*)msgstr "(.*)"\n((?:".*"\n)*)', text, re.M)
    translated = {
        mid + "".join(re.findall(r'"(.*)"', mid_more)): mstr + "".join(re.findall(r'"(.*)"', mstr_more))
        for mid, mid_more, mstr, mstr_more in entries
    }
    missing = sorted(m for m in msgids if not translated.get(m))
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_no_secrets_committed():
    """No real Twilio account or key id in what git would commit (tests use fake ones)."""
    import subprocess

    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=TOP,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    pattern = re.compile(r"(AC[0-9a-f]{32})|(SK[0-9a-f]{32})")
    for path in (TOP / name for name in listed):
        if not path.is_file() or path.suffix in {".png", ".jpg", ".pyc"}:
            continue
        text = path.read_text(errors="ignore")
        for match in pattern.finditer(text):
            assert match.group(0)[2:] in {"1" * 32, "2" * 32, "0" * 32}, f"{path}: {match.group(0)}"


def test_addon_readmes_are_generated_from_fragments():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(TOP / "tools" / "readme.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
