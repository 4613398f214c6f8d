"""How long each kind of public page may be kept by browsers and shared caches.

Pages go stale when staff correct an article, so nothing public is kept for
long; every page also carries an ETag (ConditionalGetMiddleware), so a
revalidation costs a 304, not a page. Error responses are never kept: a 404
may be an article about to be imported.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

ARTICLE = 300  # one article: corrections are rare and may wait five minutes
LISTING = 60  # browse listings, the home page, the map and feeds: new articles show within a minute
STATIC_DATA = 3600  # sitemap, OpenSearch description, robots.txt
REVALIDATE = 0  # search results: an edit must show at once


def cache_for(seconds: int) -> Callable:
    """Let any cache keep a successful response for ``seconds`` (0: revalidate every time)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if response.has_header("Cache-Control"):
                return response  # the view decided itself (a 503 says no-store)
            if response.status_code == 200:
                if seconds:
                    patch_cache_control(response, public=True, max_age=seconds)
                else:
                    patch_cache_control(response, no_cache=True)
            else:
                patch_cache_control(response, no_store=True)
            return response

        return wrapped

    return decorator
