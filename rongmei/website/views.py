"""Public pages beyond the page tree: column and campaign listings, search and RSS."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from . import selectors
from .cache import mark

PER_PAGE = 20


def _listing(request, *, title: str, articles, kind: str, pk: int | None = None):
    home = selectors.home_for_request(request)
    mark(request, center_id=home.center_id)
    page = Paginator(articles, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "website/listing.html",
        {
            "home": home,
            "page": home,
            "listing_title": title,
            "articles": page,
            "kind": kind,
            "pk": pk,
            "columns": selectors.site_columns(home=home),
        },
    )


def column_detail(request, pk: int):
    home = selectors.home_for_request(request)
    name = selectors.site_columns(home=home).get(pk)
    if name is None:
        raise Http404
    articles = selectors.article_list_for_column(home=home, column_id=pk)
    return _listing(request, title=name, articles=articles, kind="column", pk=pk)


def campaign_detail(request, pk: int):
    home = selectors.home_for_request(request)
    name = selectors.site_campaigns(home=home).get(pk)
    if name is None:
        raise Http404
    articles = selectors.article_list_for_campaign(home=home, campaign_id=pk)
    return _listing(request, title=name, articles=articles, kind="campaign", pk=pk)


def search(request):
    home = selectors.home_for_request(request)
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.article_search(home=home, query=query) if query else []
    return render(
        request,
        "website/search.html",
        {"home": home, "page": home, "query": query, "results": results},
    )


class ColumnFeed(Feed):
    """The latest articles of one column, as RSS 2.0."""

    def get_object(self, request, pk: int):
        home = selectors.home_for_request(request)
        name = selectors.site_columns(home=home).get(pk)
        if name is None:
            raise Http404
        mark(request, center_id=home.center_id)
        self.request = request
        return {"home": home, "pk": pk, "name": name}

    def title(self, obj):
        return f"{obj['home'].title} · {obj['name']}"

    def link(self, obj):
        return f"/column/{obj['pk']}/"

    def description(self, obj):
        return _("%(name)s栏目的最新文章") % {"name": obj["name"]}

    def items(self, obj):
        return selectors.article_list_for_column(home=obj["home"], column_id=obj["pk"])[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.published_at


FEED_ITEMS = 30


def column_json_feed(request, pk: int):
    """The latest articles of one column, as JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    home = selectors.home_for_request(request)
    name = selectors.site_columns(home=home).get(pk)
    if name is None:
        raise Http404
    mark(request, center_id=home.center_id)
    articles = selectors.article_list_for_column(home=home, column_id=pk)[:FEED_ITEMS]
    items = []
    for article in articles:
        url = request.build_absolute_uri(article.get_url(request=request))
        item = {
            "id": url,
            "url": url,
            "title": article.title,
            "content_html": expand_db_html(article.body),
            "date_published": article.published_at.isoformat(),
        }
        summary = article.summary or strip_tags(article.search_description)
        if summary:
            item["summary"] = summary
        if article.authors:
            item["authors"] = [{"name": a} for a in article.authors.split("、") if a]
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{home.title} · {name}",
        "home_page_url": request.build_absolute_uri(f"/column/{pk}/"),
        "feed_url": request.build_absolute_uri(request.path),
        "description": _("%(name)s栏目的最新文章") % {"name": name},
        "language": "zh-CN",
        "items": items,
    }
    return JsonResponse(
        feed,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
