"""An Atom feed of a search or a browse listing: the newest articles it finds.

A feed reader asks again and again for what is new, so a feed is newest
first; only a search that asks for ``sort=relevance`` with words to rank by
is in order of relevance. Browse pages link here with their one filter
(``?province=kien-giang``), which works with or without words.
"""

import datetime as dt
import html
import re

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext

from archive.models import Article
from search.service import ResultSet
from search.snippets import snippet

FEED_LENGTH = 50


def feed_sort(cleaned: dict) -> str:
    """The order of a feed's entries: newest first unless relevance is asked for and there are words."""
    return "relevance" if cleaned.get("q") and cleaned.get("sort") == "relevance" else "date"


# What XML 1.0 cannot carry at all: most C0 controls, lone surrogates and
# U+FFFE/U+FFFF. A title pasted from a word processor can hold a vertical tab;
# one such character would otherwise make the whole feed a 500.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str | None) -> str | None:
    return _NOT_XML_RE.sub(" ", text) if text else text


def build_feed(request: HttpRequest, result: ResultSet, articles: list[Article], summary: str) -> Atom1Feed:
    """The feed of a result set; ``summary`` says in words what was searched for."""
    site = gettext("Archive of provincial Party news")
    search_page = request.build_absolute_uri(reverse("search") + _query_string(request))
    feed = Atom1Feed(
        title=xml_text(f"{site}: {summary}" if summary else f"{site}: {gettext('newest articles')}"),
        link=search_page,
        description=xml_text(summary),
        language=translation.get_language(),
        author_name=site,
        feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(),
    )
    terms = result.query.terms() if result.query is not None else ()
    for article in articles:
        feed.add_item(
            title=xml_text(article.title),
            link=request.build_absolute_uri(article.get_absolute_url()),
            unique_id=permalink(request, article),
            unique_id_is_permalink=True,
            description=xml_text(escape(plain_snippet(article, terms))),
            author_name=xml_text(", ".join(article.author_list) or (article.organ.name if article.organ else None)),
            pubdate=published_at(article),
            updateddate=article.updated_at,
            categories=[xml_text(name) for name in (_province(article), _organ(article)) if name],
        )
    return feed


def permalink(request: HttpRequest, article: Article) -> str:
    """The article's address in the default language: the same whatever language the feed is read in."""
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(article.get_absolute_url())


def plain_snippet(article: Article, terms: tuple[str, ...]) -> str:
    """The result's snippet as plain text: feed readers show the summary as text, without our marks."""
    return html.unescape(strip_tags(snippet(article.body, terms)))


def published_at(article: Article) -> dt.datetime | None:
    """The publication date as a moment in the archive's time zone (midnight when the time is unknown)."""
    if article.published_date is None:
        return None
    moment = dt.datetime.combine(article.published_date, article.published_time or dt.time())
    return timezone.make_aware(moment)


def _province(article: Article) -> str:
    return article.province.short_name if article.province else ""


def _organ(article: Article) -> str:
    return article.organ.name if article.organ else ""


def _query_string(request: HttpRequest) -> str:
    return "?" + request.GET.urlencode() if request.GET else ""
