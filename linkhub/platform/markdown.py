"""Staff-written Markdown (news posts, newsletters) as safe HTML.

markdown-it-py renders CommonMark with raw HTML switched *off* (so ``<script>`` is shown as text),
then nh3 (the Ammonia sanitiser) keeps only an allow-list of tags and attributes: no script, no
event handlers, no ``style``, links only to http(s), mailto and tel, every link
``rel="noopener noreferrer nofollow"``. Two layers, so a bug in one is caught by the other
(tests/platform/test_markdown.py throws hostile input at both with hypothesis).
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# GOV.UK classes for what the renderer makes (added after sanitising, on known tags only).
_CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<h2>": '<h2 class="govuk-heading-m">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<h4>": '<h4 class="govuk-heading-s">',
    "<table>": '<table class="govuk-table">',
    "<blockquote>": '<blockquote class="govuk-inset-text">',
}


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render(text: str) -> Markup:
    """Markdown to safe HTML with GOV.UK classes. Headings start at level 2 (the page has the h1):
    a ``#`` heading becomes an h2."""
    html = _md.render(text or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    html = html.replace("<h5>", "<h4>").replace("</h5>", "</h4>").replace("<h6>", "<h4>").replace("</h6>", "</h4>")
    clean = sanitise(html)
    for plain, styled in _CLASSES.items():
        clean = clean.replace(plain, styled)
    return Markup(clean)  # noqa: S704  # nosec B704 # sanitised by nh3 just above


def plain_text(text: str) -> str:
    """The Markdown source is already readable as plain text (the e-mail's text part)."""
    return (text or "").strip()
