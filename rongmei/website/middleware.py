"""Serve the public site's cached pages before the rest of the stack, counting views."""

from . import cache as page_cache


class SitePageCacheMiddleware:
    """Placed right after WhiteNoise: a cached page costs no session, no database query.

    On a miss the page renders as usual; a site page marks the request
    (`cache.mark`), and its response is then stored with every header the inner
    middleware added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_cache.page_key(request) if page_cache.is_cacheable_request(request) else None
        if key is not None:
            hit = page_cache.page_get(key)
            if hit is not None:
                response, story_id = hit
                page_cache.view_count(request, story_id)
                response["X-Site-Cache"] = "hit"
                return response
        response = self.get_response(request)
        marker = getattr(request, "rongmei_site_page", None)
        if marker is None or getattr(request, "is_preview", False):
            return response
        if response.status_code == 200:
            page_cache.view_count(request, marker.story_id)
            if key is not None:
                page_cache.page_set(key, request, response)
                response["X-Site-Cache"] = "miss"
        return response
