from django.contrib import admin, messages
from django.db import models
from django.forms import Textarea
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.importing import UPDATED, reextract_articles
from archive.models import (
    Article,
    Congress,
    CongressMention,
    Document,
    ImportBatch,
    Organ,
    Province,
    ProvinceSuccession,
)
from archive.text import fold, nfc

# Form fields of the change form -> the extracted field an edit corrects.
FORM_FIELD_TO_EXTRACTED = {
    "title": "title",
    "rubric": "rubric",
    "body": "body",
    "published_date": "published",
    "published_precision": "published",
    "published_time": "published",
    "province": "province",
    "organ": "organ",
    "authors": "authors",
    "documents": "documents",
}


class UnaccentedSearchMixin:
    """Admin search (and autocomplete) that also matches names typed without
    diacritics or in another case: SQLite's LIKE folds ASCII letters only."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results |= queryset.filter(unaccented_name__icontains=fold(search_term).strip())
        return results, may_have_duplicates


class SuccessionInline(admin.TabularInline):
    model = ProvinceSuccession
    fk_name = "predecessor"
    extra = 0
    verbose_name = _("successor since the 2025 merger")
    verbose_name_plural = _("successors since the 2025 merger")
    autocomplete_fields = ["successor"]


@admin.register(Province)
class ProvinceAdmin(UnaccentedSearchMixin, admin.ModelAdmin):
    list_display = ["short_name", "name", "code", "kind", "valid_from", "valid_to"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "slug", "code"]
    readonly_fields = ["unaccented_name"]
    inlines = [SuccessionInline]


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["province"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ["__str__", "level", "organisation", "number", "term_start", "term_end", "province"]
    list_filter = ["level"]
    search_fields = ["organisation"]
    autocomplete_fields = ["province"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    search_fields = ["number"]


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Article.objects.dates("published_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(published_date__year=int(self.value()))
        return queryset


class CongressFilter(admin.SimpleListFilter):
    title = _("congress")
    parameter_name = "congress"

    def lookups(self, request, model_admin):
        return [(str(c.pk), str(c)) for c in Congress.objects.filter(mentions__isnull=False).distinct()]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(congresses__pk=int(self.value()))
        return queryset


class CongressMentionInline(admin.TabularInline):
    model = CongressMention
    extra = 0
    autocomplete_fields = ["congress"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.TextField: {"widget": Textarea(attrs={"rows": 24, "class": "vLargeTextField"})},
    }
    list_display = ["title", "published", "province", "organ"]
    list_filter = [("province", admin.RelatedOnlyFieldListFilter), ("organ", admin.RelatedOnlyFieldListFilter)]
    list_filter += [YearFilter, CongressFilter]
    list_select_related = ["province", "organ", "batch"]
    search_fields = ["title", "authors", "source_url", "source_name"]
    date_hierarchy = "published_date"
    autocomplete_fields = ["province", "organ", "documents"]
    readonly_fields = ["raw_page_view", "edited_fields_view", "content_hash", "batch", "created_at", "updated_at"]
    inlines = [CongressMentionInline]
    actions = ["rerun_extraction"]
    fieldsets = [
        (None, {"fields": ["title", "rubric", "body"]}),
        (
            _("Metadata"),
            {
                "fields": [
                    ("published_date", "published_precision", "published_time"),
                    "province",
                    "organ",
                    "authors",
                    "documents",
                ]
            },
        ),
        (_("Source"), {"fields": ["source_url", "source_site", "source_name", "batch"]}),
        (_("Raw page as received"), {"fields": ["raw_page_view"], "classes": ["raw-page"]}),
        (
            _("Record"),
            {"fields": ["edited_fields_view", "content_hash", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        css = {"all": ["archive/admin.css"]}

    def has_delete_permission(self, request, obj=None):
        # Editors correct articles; removing them is for superusers.
        return request.user.is_superuser

    @admin.display(description=_("published"), ordering="published_date")
    def published(self, obj):
        return obj.published_display or "—"

    @admin.display(description=_("raw page"))
    def raw_page_view(self, obj):
        # Shown in NFC: decomposed tone marks are the same text but render badly
        # in a monospace font. The stored bytes are unchanged (see the public
        # "raw page" link for them exactly).
        return format_html('<pre class="raw-page-text" tabindex="0">{}</pre>', nfc(obj.raw_page))

    @admin.display(description=_("fields corrected by hand"))
    def edited_fields_view(self, obj):
        return ", ".join(obj.edited_fields) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            edited = {FORM_FIELD_TO_EXTRACTED[name] for name in form.changed_data if name in FORM_FIELD_TO_EXTRACTED}
        else:
            edited = set(Article.EXTRACTED_FIELDS)  # typed in by hand: every field is the editor's
        obj.edited_fields = sorted(set(obj.edited_fields) | edited)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            article = form.instance
            if "congresses" not in article.edited_fields:
                article.edited_fields = sorted([*article.edited_fields, "congresses"])
                article.save(update_fields=["edited_fields"])

    @admin.action(description=_("Re-run extraction (keeps fields corrected by hand)"), permissions=["change"])
    def rerun_extraction(self, request, queryset):
        counts = reextract_articles(queryset)
        self.message_user(
            request,
            ngettext(
                "Extraction re-run on %(count)d article: %(updated)d changed.",
                "Extraction re-run on %(count)d articles: %(updated)d changed.",
                counts.total(),
            )
            % {"count": counts.total(), "updated": counts[UPDATED]},
            messages.SUCCESS,
        )


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_count", "updated_count", "unchanged_count", "failed_count", "user"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields] + ["error_list"]
    exclude = ["errors"]

    def has_add_permission(self, request):
        return False  # batches are recorded by the importer

    @admin.display(description=_("errors"))
    def error_list(self, obj):
        if not obj.errors:
            return "—"
        rows = format_html_join("", "<li><code>{}</code>: {}</li>", ((e["path"], e["reason"]) for e in obj.errors))
        return format_html("<ul>{}</ul>", rows)
