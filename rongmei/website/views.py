"""Public pages beyond the page tree: column and campaign listings, search and RSS."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import selectors

PER_PAGE = 20


def _listing(request, *, title: str, articles, kind: str, pk: int | None = None):
    home = selectors.home_for_request(request)
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
