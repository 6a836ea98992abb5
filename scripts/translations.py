#!/usr/bin/env python3
"""Writes src/Portal/Resources/SharedResource.de.resx from scripts/translations.de.tsv (English<TAB>German).

English text is the key (and the English UI), so only German needs a file. Keep the TSV sorted; run this after editing it.
"""
import pathlib
from xml.sax.saxutils import escape, quoteattr

root = pathlib.Path(__file__).resolve().parent.parent
rows = []
for line in (root / "scripts" / "translations.de.tsv").read_text(encoding="utf-8").splitlines():
    if not line.strip() or line.startswith("#"):
        continue
    english, german = line.split("\t")
    rows.append((english, german))

# Resource names are matched without regard to case when the .resx is compiled: "Credit limit" and
# "credit limit" are one key, and one of the two translations would silently win.
keys = [e.casefold() for e, _ in rows]
duplicates = {e for e, _ in rows if keys.count(e.casefold()) > 1}
if duplicates:
    raise SystemExit(f"duplicate keys: {sorted(duplicates)}")

header = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""
body = "".join(f'  <data name={quoteattr(e)} xml:space="preserve"><value>{escape(g)}</value></data>\n' for e, g in sorted(rows))
(root / "src" / "Portal" / "Resources" / "SharedResource.de.resx").write_text(header + body + "</root>\n", encoding="utf-8")
print(f"{len(rows)} German strings written")
