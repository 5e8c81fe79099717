"""Generate each addon's README.rst from its readme/*.md (as OCA's oca-gen-addon-readme
does), so the two never drift: `python tools/readme.py` writes, `--check` compares."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
SECTIONS = (("CONFIGURE.md", "Configuration"), ("USAGE.md", "Usage"))
LICENSES = {
    "LGPL-3": ("LGPL--3", "http://www.gnu.org/licenses/lgpl-3.0-standalone.html"),
    "AGPL-3": ("AGPL--3", "http://www.gnu.org/licenses/agpl-3.0-standalone.html"),
}


def md_to_rst(text: str) -> str:
    """The small Markdown subset our readme fragments use."""
    text = re.sub(r"(?<!`)`([^`\n]+)`(?!`)", r"``\1``", text)
    lines = []
    for line in text.strip().splitlines():
        # a list nested in a numbered item needs a blank line and 3-space indent in RST
        if re.match(r"^   - ", line) and lines and re.match(r"^\d+\. ", lines[-1]):
            lines.append("")
        lines.append(line)
    return "\n".join(lines)


def title(text: str, char: str, over: bool = False) -> str:
    rule = char * len(text)
    return f"{rule}\n{text}\n{rule}" if over else f"{text}\n{rule}"


def render(addon: Path) -> str:
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    badge, url = LICENSES[manifest["license"]]
    parts = [
        title(manifest["name"], "=", over=True),
        f".. |badge1| image:: https://img.shields.io/badge/licence-{badge}-blue.png\n"
        f"    :target: {url}\n    :alt: License: {manifest['license']}",
        "|badge1|",
        md_to_rst((addon / "readme" / "DESCRIPTION.md").read_text()),
        "**Table of contents**\n\n.. contents::\n   :local:",
    ]
    for filename, heading in SECTIONS:
        path = addon / "readme" / filename
        if path.is_file():
            parts += [title(heading, "="), md_to_rst(path.read_text())]
    parts += [title("Credits", "="), title("Authors", "-"), f"* {manifest['author']}"]
    contributors = addon / "readme" / "CONTRIBUTORS.md"
    if contributors.is_file():
        parts += [title("Contributors", "-"), md_to_rst(contributors.read_text())]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for manifest in sorted((TOP / "addons").glob("*/__manifest__.py")):
        addon = manifest.parent
        text = render(addon)
        target = addon / "README.rst"
        if "--check" in argv:
            if not target.is_file() or target.read_text() != text:
                stale.append(addon.name)
        else:
            target.write_text(text)
    if stale:
        print(f"README.rst out of date (run python tools/readme.py): {', '.join(stale)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
