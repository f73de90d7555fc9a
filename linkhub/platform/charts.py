"""Server-side SVG bar charts. Every chart is shown with a table of the same data (the table is
what screen readers and print use; the chart is marked as an image with a text alternative)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 4.5:1 against white


def bar_chart(title: str, rows: list[tuple], *, width: int = 560, bar_height: int = 24) -> Markup:
    """Horizontal bars, one per ``(label, value)`` or ``(label, value, text)``.

    ``text`` is what the row's table cell shows; a row whose value is None (a suppressed count)
    gets no bar, only its text, so the chart has a row for every row of its table."""
    label_width, gap = 220, 8
    rows = [(row[0], row[1], row[2] if len(row) > 2 else f"{row[1]:,}") for row in rows]
    height = max(1, len(rows)) * (bar_height + gap) + gap
    top = max([value for _, value, _ in rows if value is not None] + [1])
    summary = "; ".join(f"{label}: {text}" for label, _, text in rows) or "no data"
    parts = [
        f'<svg class="linkhub-chart" role="img" aria-label="{escape(title)}: {escape(summary)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value, text) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        length = round((width - label_width - 120) * value / top) if value else 0
        parts.append(f'<text x="0" y="{y + bar_height * 0.7:.0f}">{escape(str(label)[:32])}</text>')
        if value is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" height="{bar_height}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.0f}">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # nosec B704 # parts escaped first
