"""Reading autosaved drafts of channel versions (written by `stories.version_autosave`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .models import ChannelVersion, VersionDraft

if TYPE_CHECKING:
    from rongmei.accounts.models import User

# The rich-text editor gives every paragraph a random key; they say nothing of the content.
_BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def _same_html(a: str, b: str) -> bool:
    return _BLOCK_KEY.sub("", a or "") == _BLOCK_KEY.sub("", b or "")


def draft_differs(*, draft: VersionDraft, version: ChannelVersion) -> bool:
    """Whether the draft holds anything the version does not say already."""
    return (
        draft.title != version.title
        or draft.caption != version.caption
        or not _same_html(draft.body, version.body)
    )


def version_draft_for(*, version: ChannelVersion, user: User) -> VersionDraft | None:
    """`user`'s autosaved draft of the version worth offering back, or None.

    Only a draft saved after the version's latest revision and differing from it: one
    overtaken by a later save (of anyone) is ignored, never deleted here.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    draft = VersionDraft.objects.filter(version=version, user=user).first()
    if draft is None:
        return None
    revision = version.latest_revision
    saved = revision.created_at if revision is not None else version.updated_at
    if draft.saved_at <= saved or not draft_differs(draft=draft, version=version):
        return None
    return draft
