"""PDF of a return with WeasyPrint (tagged PDF/UA, from the same HTML sections as the page).

WeasyPrint needs Pango at run time (Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``, which
the Makefile installs); when it cannot be imported the PDF link answers 503 and says so.
"""

from __future__ import annotations

import logging

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page otherwise


def available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def render(html: str, base_url: str | None = None, *, uncompressed: bool = False) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=base_url)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=uncompressed)
