import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from archive.text import clean_text, fold, nfc, slugify_vi, squash_spaces
from archive.vocabulary import (
    CONGRESS_LEVELS,
    FIRST_YEAR,
    LAST_YEAR,
    NATIONAL_PARTY,
    ORGAN_KINDS,
    int_to_roman,
    organ_name,
)

MERGER_EFFECTIVE = dt.date(2025, 7, 1)


class ProvinceQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> "ProvinceQuerySet":
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def legacy(self) -> "ProvinceQuerySet":
        """The 63 provinces and cities as they were until 30 June 2025."""
        return self.valid_on(MERGER_EFFECTIVE - dt.timedelta(days=1))

    def current(self) -> "ProvinceQuerySet":
        """The 34 provinces and cities since 1 July 2025."""
        return self.filter(valid_to__isnull=True)

    def selected_by(self, slugs) -> "ProvinceQuerySet":
        """The provinces whose articles a province filter selects: each named
        province, and those whose unit now (``Province.unit_now``) it is, so
        that An Giang (since 2025) finds Kiên Giang's articles too."""
        return self.filter(Q(slug__in=slugs) | Q(successors__slug__in=slugs))


class Province(models.Model):
    """A province or centrally-run city, as a unit with a period of validity.

    Units unchanged by the 2025 merger are one row valid throughout; a merged
    unit is a new row, linked from each predecessor by a ``ProvinceSuccession``.
    Rows come from the vendored gazetteer (data migration 0002).
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("centrally-run city")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    code = models.CharField(_("official code"), max_length=3, db_index=True)
    name = models.CharField(_("official name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=60)
    unaccented_name = models.CharField(_("unaccented name"), max_length=60, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        through="ProvinceSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("successors"),
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["unaccented_name", "valid_from"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        if self.valid_from and self.valid_from >= MERGER_EFFECTIVE:
            return _("%(name)s (since %(year)s)") % {"name": self.short_name, "year": self.valid_from.year}
        return self.short_name

    def save(self, *args, **kwargs):
        self.name, self.short_name = squash_spaces(self.name), squash_spaces(self.short_name)
        self.aliases = [nfc(alias) for alias in self.aliases]
        self.unaccented_name = fold(self.short_name)
        super().save(*args, **kwargs)

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_city(self) -> bool:
        return self.kind == self.Kind.CITY

    def unit_now(self) -> "Province":
        """The unit this province belongs to since the 2025 merger: its
        successor, or itself where it was not merged. The one rule the article
        page, the API, the exports and the search index read (``successors``
        prefetched, it costs no query)."""
        successors = list(self.successors.all())
        return successors[0] if successors else self


class ProvinceSuccession(models.Model):
    predecessor = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="succession_links", verbose_name=_("predecessor")
    )
    successor = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="predecessor_links", verbose_name=_("successor")
    )
    effective = models.DateField(_("effective from"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession")]
        verbose_name = _("province succession")
        verbose_name_plural = _("province successions")

    def __str__(self) -> str:
        return f"{self.predecessor.short_name} → {self.successor.short_name} ({self.effective:%d/%m/%Y})"


class Organ(models.Model):
    """A Party body that issues or authors articles, usually of one province."""

    kind = models.CharField(_("kind"), max_length=30, choices=list(ORGAN_KINDS.items()))
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="organs", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organs")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = squash_spaces(self.name)
        super().save(*args, **kwargs)

    @classmethod
    def for_kind(cls, kind: str, province: Province | None) -> "Organ":
        """The organ of this kind in this province, created on first use."""
        new = cls.build(kind, province)
        organ, _created = cls.objects.get_or_create(
            slug=new.slug, defaults={"kind": kind, "province": province, "name": new.name}
        )
        return organ

    @classmethod
    def build(cls, kind: str, province: Province | None) -> "Organ":
        """The organ of this kind in this province, not saved."""
        name = organ_name(kind, province.short_name if province else None, city=bool(province and province.is_city))
        return cls(kind=kind, province=province, name=nfc(name), slug=cls.slug_for(kind, province))

    @staticmethod
    def slug_for(kind: str, province: Province | None) -> str:
        # The province's slug, not its name: An Giang before and after 2025 differ.
        return (slugify_vi(ORGAN_KINDS[kind]) + (f"-{province.slug}" if province else ""))[:200]


class Congress(models.Model):
    """A congress of a Party organisation: the national Party, a provincial
    Party committee, or a district, commune or grassroots one."""

    class Level(models.TextChoices):
        NATIONAL = "national", CONGRESS_LEVELS["national"]
        PROVINCIAL = "provincial", CONGRESS_LEVELS["provincial"]
        DISTRICT = "district", CONGRESS_LEVELS["district"]
        COMMUNE = "commune", CONGRESS_LEVELS["commune"]
        GRASSROOTS = "grassroots", CONGRESS_LEVELS["grassroots"]

    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    organisation = models.CharField(
        _("Party organisation"),
        max_length=200,
        help_text=_('For example "Đảng bộ tỉnh Kiên Giang" or "Đảng bộ xã Bình Trị".'),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="congresses",
        verbose_name=_("province"),
        help_text=_("The province the organisation belongs to, when known."),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    term_start = models.PositiveSmallIntegerField(_("term starts"), null=True, blank=True)
    term_end = models.PositiveSmallIntegerField(_("term ends"), null=True, blank=True)

    class Meta:
        ordering = ["level", "organisation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["level", "organisation", "number"], name="unique_congress"),
            models.CheckConstraint(
                condition=Q(term_start__isnull=True, term_end__isnull=True)
                | Q(term_start__isnull=False, term_end__isnull=False, term_end__gt=models.F("term_start")),
                name="congress_term_is_a_range",
            ),
        ]
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")

    def __str__(self) -> str:
        who = "" if self.organisation == NATIONAL_PARTY else f" {self.organisation}"
        name = f"Đại hội{who} lần thứ {int_to_roman(self.number)}"
        return f"{name} ({self.term})" if self.term else name

    def save(self, *args, **kwargs):
        self.organisation = squash_spaces(self.organisation)
        super().save(*args, **kwargs)

    @property
    def term(self) -> str:
        return f"{self.term_start}–{self.term_end}" if self.term_start else ""


class Document(models.Model):
    """A Party or state document cited by articles, by its number ("35-CT/TW")."""

    number = models.CharField(_("number"), max_length=60, unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.number


class ImportBatch(models.Model):
    """One run of the importer: what went in, by whom, and what failed."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("finished with errors")
        # Its process ended before the end (killed, stopped); the counts are what was stored.
        INTERRUPTED = "interrupted", _("interrupted")
        PURGED = "purged", _("purged")

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("user")
    )
    source = models.TextField(_("what was imported"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    # Which process runs the import, so that a later reader can tell it is gone.
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)
    duplicate_count = models.PositiveIntegerField(
        _("exact duplicates"), default=0, help_text=_("Pages already in the archive from another source; skipped.")
    )
    near_duplicate_count = models.PositiveIntegerField(
        _("near-duplicates"), default=0, help_text=_("New articles linked to an article they republish.")
    )
    # The first errors and notes are listed, the rest only counted: an import
    # of millions of broken records must not make a record of millions.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    more_errors = models.PositiveIntegerField(_("errors not listed"), default=0)
    notes = models.JSONField(
        _("notes"),
        default=list,
        blank=True,
        help_text=_("Pages converted from a legacy encoding, duplicates, republications and skipped files."),
    )
    more_notes = models.PositiveIntegerField(_("notes not listed"), default=0)
    purged_at = models.DateTimeField(_("purged"), null=True, blank=True)
    purged_count = models.PositiveIntegerField(_("articles purged"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return _("Import %(id)s of %(date)s") % {"id": self.pk, "date": f"{self.started_at:%d/%m/%Y %H:%M}"}

    @property
    def total(self) -> int:
        return self.created_count + self.updated_count + self.unchanged_count + self.duplicate_count + self.failed_count


# Newest first, with undated articles last in every database (PostgreSQL
# would put NULL first when descending, SQLite last).
NEWEST_FIRST = [F("published_date").desc(nulls_last=True), "-id"]


class Article(models.Model):
    class Format(models.TextChoices):
        TEXT = "text", _("text")
        HTML = "html", _("HTML")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")
        UNKNOWN = "unknown", _("unknown")

    # Fields the importer fills and an editor may correct; a corrected field is
    # listed in ``edited_fields`` and never overwritten by re-extraction.
    EXTRACTED_FIELDS = (
        "title",
        "rubric",
        "body",
        "published",
        "province",
        "organ",
        "authors",
        "congresses",
        "documents",
    )

    title = models.CharField(_("title"), max_length=500)
    rubric = models.CharField(_("rubric"), max_length=500, blank=True, help_text=_("The kicker line above the title."))
    body = models.TextField(_("body"), blank=True)
    raw_page = models.TextField(_("raw page"), blank=True, help_text=_("The page exactly as received; never modified."))
    raw_format = models.CharField(
        _("format of the raw page"), max_length=10, choices=Format.choices, default=Format.TEXT
    )
    source_encoding = models.CharField(
        _("converted from"), max_length=60, blank=True, help_text=_("The legacy encoding the page arrived in.")
    )
    source_metadata = models.JSONField(_("metadata received with the page"), default=dict, blank=True, editable=False)
    captured_at = models.DateTimeField(_("captured"), null=True, blank=True, help_text=_("When a crawler fetched it."))
    published_date = models.DateField(
        _("published"),
        null=True,
        blank=True,
        db_index=True,
        validators=[
            MinValueValidator(dt.date(FIRST_YEAR, 1, 1)),
            MaxValueValidator(dt.date(LAST_YEAR, 12, 31)),
        ],
    )
    published_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.UNKNOWN
    )
    published_time = models.TimeField(_("time"), null=True, blank=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("province"),
        help_text=_("The province as it was when the article was published."),
    )
    organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, null=True, blank=True, related_name="articles", verbose_name=_("organ")
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True, help_text=_("Separated by commas."))
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
    source_site = models.CharField(_("source site"), max_length=200, blank=True)
    source_name = models.CharField(_("imported from"), max_length=500, blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="articles", verbose_name=_("documents cited"))
    congresses = models.ManyToManyField(
        Congress, through="CongressMention", blank=True, related_name="articles", verbose_name=_("congresses")
    )
    # Identity of an imported page; empty for an article typed in by hand.
    content_hash = models.CharField(
        _("content hash"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("import batch"),
    )
    edited_fields = models.JSONField(_("fields corrected by hand"), default=list, blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="republications",
        verbose_name=_("republication of"),
        help_text=_("The article this one republishes, found by comparing their texts."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = NEWEST_FIRST
        constraints = [
            models.CheckConstraint(
                condition=Q(published_date__isnull=True, published_precision="unknown")
                | Q(published_date__isnull=False, published_precision__in=["day", "month", "year"]),
                name="published_date_matches_precision",
            ),
            # A source URL is the natural key of an imported page; many articles have none.
            models.UniqueConstraint(fields=["source_url"], condition=~Q(source_url=""), name="unique_source_url"),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.normalise_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.pk])

    def normalise_text(self) -> None:
        """NFC in every text field a person reads, without control characters (a vertical
        tab pasted from a word processor, say), one-line fields on one line; also called
        before a bulk insert, which skips save()."""
        for name in ("title", "rubric", "authors", "source_site"):
            setattr(self, name, squash_spaces(getattr(self, name)))
        self.body = clean_text(self.body)

    @property
    def author_list(self) -> list[str]:
        return self.author_names(self.authors)

    @staticmethod
    def author_names(byline: str) -> list[str]:
        """The names of a byline: between commas, as written."""
        return [name.strip() for name in byline.split(",") if name.strip()]

    @property
    def published_display(self) -> str:
        """ "8/8/2020", "tháng 7/2020", "năm 2020" or "" at the date's precision."""
        day = self.published_date
        if day is None:
            return ""
        if self.published_precision == self.Precision.DAY:
            return f"{day.day}/{day.month}/{day.year}"
        if self.published_precision == self.Precision.MONTH:
            return pgettext("a date known to the month", "%(month)s/%(year)s") % {"month": day.month, "year": day.year}
        return str(day.year)

    @property
    def province_now(self) -> Province | None:
        """The unit the article's province belongs to since the 2025 merger
        (``Province.unit_now``); None without a province."""
        return self.province.unit_now() if self.province else None


class CongressMention(models.Model):
    """An article's mention of a congress, with the words the page used."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="congress_mentions", verbose_name=_("article")
    )
    congress = models.ForeignKey(
        Congress, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("congress")
    )
    surface = models.CharField(_("words on the page"), max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "congress"], name="unique_congress_mention")]
        verbose_name = _("congress mention")
        verbose_name_plural = _("congress mentions")

    def __str__(self) -> str:
        return str(self.congress)


class NearDuplicateKey(models.Model):
    """A band of an article's MinHash signature (see ``archive.near_duplicates``):
    articles sharing a key are candidates for being the same text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="near_duplicate_keys")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="unique_near_duplicate_key")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.key:x}"
