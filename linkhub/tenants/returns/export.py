"""The figures of a return as CSV and as an OpenDocument spreadsheet (ODS), read only.

The ODS is written directly (a zip of ``mimetype``, ``META-INF/manifest.xml`` and
``content.xml``, as the OpenDocument 1.2 package format asks: ``mimetype`` first and stored
uncompressed), so no spreadsheet library is needed for one sheet of numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from xml.sax.saxutils import escape

from linkhub.platform.spreadsheet import safe_cell

from .figures import SECTIONS, rows

HEADER = ("section", "measure", "item", "value")


def _lines(ret, figures: dict) -> list[tuple]:
    head = [
        ("return", "title", "", ret.title),
        ("return", "period_start", "", figures["period"]["start"]),
        ("return", "period_end", "", figures["period"]["end"]),
        ("return", "figures_drawn_at", "", figures["drawn_at"]),
    ]
    return head + [(SECTIONS[s], m, i, v) for s, m, i, v in rows(figures)]


def figures_csv(ret, figures: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for line in _lines(ret, figures):
        writer.writerow([safe_cell(str(cell)) if isinstance(cell, str) else cell for cell in line])
    return out.getvalue()


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def _cell(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def figures_ods(ret, figures: dict) -> bytes:
    body = "".join(
        "<table:table-row>" + "".join(_cell(c) for c in line) + "</table:table-row>"
        for line in [HEADER, *_lines(ret, figures)]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Figures">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
