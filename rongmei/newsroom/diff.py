"""What changed between two texts, marked word by word in Chinese.

Wagtail's comparison splits words at spaces, so a changed Chinese sentence shows as one
block; here the texts are cut into words by jieba and compared with difflib, and the
result uses Wagtail's own `deletion`/`addition` classes.
"""

from __future__ import annotations

import difflib
import logging

import jieba
from django.utils.html import escape, format_html_join, strip_tags
from django.utils.safestring import SafeString

jieba.setLogLevel(logging.WARNING)


def plain_text(html: str) -> str:
    """Rich text as readers see it: one line per paragraph."""
    for end in ("</p>", "<br>", "<br/>", "<br />", "</h2>", "</h3>", "</li>"):
        html = html.replace(end, end + "\n")
    return "\n".join(line.strip() for line in strip_tags(html).splitlines() if line.strip())


def diff_html(old: str, new: str) -> SafeString:
    """`new` against `old`, with removed words struck through and added words marked."""
    a, b = jieba.lcut(old), jieba.lcut(new)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("deletion", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("addition", "".join(b[j1:j2])))
    return format_html_join(
        "",
        "{}",
        (
            (SafeString(f'<span class="{cls}">{escape(text)}</span>') if cls else text,)
            for cls, text in pieces
        ),
    )
