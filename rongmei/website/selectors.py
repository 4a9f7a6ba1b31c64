"""Reads of the public site: latest articles, listings per column and campaign, search."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import jieba
from django.db.models import QuerySet
from django.http import Http404
from wagtail.models import Site

from rongmei.newsroom.selectors import campaign_names, column_names, corrections_public

from .models import ArticlePage, HomePage

if TYPE_CHECKING:
    from rongmei.newsroom.models import Correction

jieba.setLogLevel(logging.WARNING)
MAX_QUERY_TOKENS = 10


def tokens(text: str) -> list[str]:
    """Search tokens of Chinese (and other) text: jieba's search mode, punctuation dropped."""
    return [t for t in (w.strip().lower() for w in jieba.cut_for_search(text)) if t and t.isalnum()]


def token_field(text: str) -> str:
    """Tokens joined with a space on each side, so a token matches only whole."""
    return " " + " ".join(dict.fromkeys(tokens(text))) + " "


def home_for_request(request) -> HomePage:
    site = Site.find_for_request(request)
    home = site.root_page.specific if site else None
    if not isinstance(home, HomePage) or home.center_id is None:
        raise Http404
    return home


def _articles(home: HomePage) -> QuerySet[ArticlePage]:
    return ArticlePage.objects.live().child_of(home).order_by("-published_at", "-id")


def article_latest(*, home: HomePage, limit: int = 20) -> list[ArticlePage]:
    return list(_articles(home)[:limit])


def article_list_for_column(*, home: HomePage, column_id: int) -> QuerySet[ArticlePage]:
    return _articles(home).filter(columns=column_id)


def article_list_for_campaign(*, home: HomePage, campaign_id: int) -> QuerySet[ArticlePage]:
    return _articles(home).filter(campaigns=campaign_id)


def article_search(*, home: HomePage, query: str, limit: int = 50) -> list[ArticlePage]:
    words = tokens(query)[:MAX_QUERY_TOKENS]
    if not words:
        return []
    qs = _articles(home)
    for word in words:
        qs = qs.filter(search_tokens__contains=f" {word} ")
    return list(qs[:limit])


def site_columns(*, home: HomePage) -> dict[int, str]:
    return column_names(center=home.center)


def site_campaigns(*, home: HomePage) -> dict[int, str]:
    return campaign_names(center=home.center)


def article_corrections(*, story_id: int) -> list[Correction]:
    """The corrections of a story the center chose to show under its article, oldest first."""
    return corrections_public(story_id=story_id)
