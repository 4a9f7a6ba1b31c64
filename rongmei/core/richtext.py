"""Rich text from any source is sanitised (nh3) before it is stored.

`rich_text_clean` keeps the markup Wagtail's editor writes in its database format
(paragraphs with their block keys, headings, lists, bold/italic, links to pages and
documents by id, embedded images and media) and removes everything else: scripts,
event handlers, styles, `javascript:` links. Services call it on every rich-text body
they store, whoever sent it (the editor, the API, a ledger, a script).

The editor posts its content as JSON (Draftail's contentstate). `CheckedDraftailRichTextArea`
(the project's rich-text widget, `WAGTAILADMIN_RICH_TEXT_EDITORS`) does not fail with a
server error when something else arrives, such as raw HTML from a script: it notes
`malformed` on itself and offers the sanitised HTML instead; forms of ours refuse a
malformed body with a Chinese error (400), Wagtail's own editors store the sanitised text.
"""

from __future__ import annotations

import re

import nh3
from wagtail.admin.rich_text import DraftailRichTextArea

TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "b", "i", "strong", "em", "u", "s", "sub",
    "sup", "code", "blockquote", "ul", "ol", "li", "a", "br", "hr", "embed",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"data-block-key"},
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Wagtail reads `<embed …/>` only in its XHTML form, and writes `<br/>` and `<hr/>`.
_VOID = re.compile(r"<(embed|br|hr)\b([^>]*?)\s*/?>")


def rich_text_clean(html: str) -> str:
    """`html` with only the markup Wagtail's rich text uses; idempotent."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _VOID.sub(lambda m: f"<{m.group(1)}{m.group(2)}/>", cleaned)


class CheckedDraftailRichTextArea(DraftailRichTextArea):
    """Wagtail's Draftail editor, which survives a posted value that is not its JSON."""

    malformed = False

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            self.malformed = True
            raw = data.get(name)
            return rich_text_clean(raw if isinstance(raw, str) else "")
