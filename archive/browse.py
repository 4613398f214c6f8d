"""Article listings without a keyword, straight from the database."""

from django import forms
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from archive.models import Article, Congress, Organ, Province


class ArticleFilter(forms.Form):
    """Filters of the article listing; every value comes from the URL."""

    province = forms.ModelChoiceField(Province.objects.all(), to_field_name="slug", required=False, label=_("Province"))
    organ = forms.ModelChoiceField(Organ.objects.all(), to_field_name="slug", required=False, label=_("Organ"))
    year = forms.IntegerField(min_value=1930, max_value=2100, required=False, label=_("Year"))
    congress = forms.ModelChoiceField(Congress.objects.all(), required=False, label=_("Congress"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only values that have articles, with their counts.
        self._offer("province", _("All provinces"), Province.objects.annotate(n=Count("articles")), "slug")
        self._offer("organ", _("All organs"), Organ.objects.annotate(n=Count("articles")), "slug")
        self._offer("congress", _("All congresses"), Congress.objects.annotate(n=Count("mentions")), "pk")

    def _offer(self, field: str, everything: str, counted: QuerySet, key: str) -> None:
        self.fields[field].choices = [("", everything)] + [
            (getattr(item, key), f"{item} ({item.n})") for item in counted.filter(n__gt=0)
        ]


def filter_articles(cleaned: dict) -> QuerySet[Article]:
    """Articles matching the cleaned filter values, newest first."""
    articles = Article.objects.select_related("province", "organ")
    if cleaned.get("province"):
        articles = articles.filter(province=cleaned["province"])
    if cleaned.get("organ"):
        articles = articles.filter(organ=cleaned["organ"])
    if cleaned.get("year"):
        articles = articles.filter(published_date__year=cleaned["year"])
    if cleaned.get("congress"):
        articles = articles.filter(congresses=cleaned["congress"])
    return articles.order_by("-published_date", "-id")
