"""Server-side SVG bar charts. Every chart is shown with a table of the same data (the table is
what screen readers and print use; the chart is marked as an image with a text alternative)."""
from __future__ import annotations

from html import escape

from markupsafe import Markup

BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 4.5:1 against white


def bar_chart(title: str, rows: list[tuple[str, int]], *, width: int = 560, bar_height: int = 24) -> Markup:
    """Horizontal bars, one per (label, value)."""
    label_width, gap = 220, 8
    height = max(1, len(rows)) * (bar_height + gap) + gap
    top = max([value for _, value in rows] + [1])
    summary = "; ".join(f"{label}: {value}" for label, value in rows) or "no data"
    parts = [f'<svg class="linkhub-chart" role="img" aria-label="{escape(title)}: {escape(summary)}" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        length = round((width - label_width - 60) * value / top)
        parts.append(f'<text x="0" y="{y + bar_height * 0.7:.0f}">{escape(str(label)[:32])}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" height="{bar_height}" fill="{BAR_COLOUR}"/>')
        parts.append(f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.0f}">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
