"""The sitemap: every article, and the pages that lead to them (the browse
pages of each province, organ, congress, year and month).

/sitemap.xml is an index of sections, each split into pages of ``limit``
addresses, so that a large archive never makes one huge response.

Articles are listed at their Vietnamese address only: the English page of an
article is the same text with English labels around it, and listing both
would double the largest section. The few other pages are listed in both
languages, each naming the other as its alternate.
"""

import datetime as dt

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from archive.models import Article, Congress, Organ, Province


class ArticleSitemap(Sitemap):
    limit = 5000
    changefreq = "monthly"

    def items(self):
        return Article.objects.only("id", "updated_at").order_by("id")

    def location(self, item: Article) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return item.get_absolute_url()

    def lastmod(self, item: Article) -> dt.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        # Sitemap's own reads every item; the database knows the answer.
        return Article.objects.aggregate(latest=Max("updated_at"))["latest"]


class _BothLanguages(Sitemap):
    """Listed at the Vietnamese and the English address, each naming the other."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(_BothLanguages):
    """Pages with a fixed address, by URL name."""

    changefreq = "daily"
    names = ("home", "provinces", "map", "organs", "congresses", "years", "search_help")

    def items(self) -> list[str]:
        return list(self.names)

    def location(self, item: str) -> str:
        return reverse(item)


class ProvinceSitemap(_BothLanguages):
    changefreq = "weekly"

    def items(self):
        return Province.objects.order_by("slug").only("slug")

    def location(self, item: Province) -> str:
        return reverse("province", args=[item.slug])


class OrganSitemap(_BothLanguages):
    changefreq = "weekly"

    def items(self):
        return Organ.objects.order_by("slug").only("slug")

    def location(self, item: Organ) -> str:
        return reverse("organ", args=[item.slug])


class CongressSitemap(_BothLanguages):
    changefreq = "weekly"

    def items(self):
        return Congress.objects.order_by("pk").only("pk")

    def location(self, item: Congress) -> str:
        return reverse("congress", args=[item.pk])


class DateSitemap(_BothLanguages):
    """The year archives and the month calendars that have articles."""

    changefreq = "weekly"

    def items(self) -> list[tuple[int, int | None]]:
        years = [(day.year, None) for day in Article.objects.dates("published_date", "year")]
        # Articles known only to the year are not in any month's calendar.
        months = Article.objects.exclude(published_precision=Article.Precision.YEAR).dates("published_date", "month")
        return sorted(years + [(day.year, day.month) for day in months], key=lambda item: (item[0], item[1] or 0))

    def location(self, item: tuple[int, int | None]) -> str:
        year, month = item
        return reverse("month_archive", args=[year, month]) if month else reverse("year_archive", args=[year])


SITEMAPS = {
    "articles": ArticleSitemap,
    "pages": PageSitemap,
    "provinces": ProvinceSitemap,
    "organs": OrganSitemap,
    "congresses": CongressSitemap,
    "dates": DateSitemap,
}
