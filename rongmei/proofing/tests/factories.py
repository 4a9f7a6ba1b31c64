"""Lexicons built through the real services."""

from rongmei.proofing import services
from rongmei.proofing.models import LexiconKind


def make_lexicon(center, kind=LexiconKind.BANNED, name=None, terms=(), by=None, **fields):
    lexicon = services.lexicon_create(
        center=center, name=name or f"{kind}-{center.code if center else 'shared'}", kind=kind,
        by=by, **fields,
    )  # fmt: skip
    for term in terms:
        if isinstance(term, str):
            term = {"text": term}
        services.term_create(lexicon=lexicon, by=by, **term)
    lexicon.refresh_from_db()
    return lexicon
