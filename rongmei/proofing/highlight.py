"""Text cut into pieces for showing findings in place (在线校对, the review desk)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .services import Finding


def segments(text: str, findings: list[Finding]) -> list[dict]:
    """The text cut at every finding boundary; each piece knows the findings covering it.

    Overlapping findings are shown by the most severe one still open (blocking, then
    open warning, then accepted warning).
    """
    cuts = {0, len(text)}
    for f in findings:
        cuts.update((f.span.start, f.span.end))
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        covering = [i for i, f in enumerate(findings) if f.span.start <= a and b <= f.span.end]
        level = ""
        if covering:
            states = [
                "block"
                if findings[i].blocking
                else ("accepted" if findings[i].accepted else "warn")
                for i in covering
            ]
            level = next(s for s in ("block", "warn", "accepted") if s in states)
        out.append({"text": text[a:b], "level": level, "findings": [i + 1 for i in covering]})
    return out
