import base64
import binascii
import functools
import operator

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.forms import Textarea
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.importing import (
    CORRECTABLE_FIELDS,
    UPDATED,
    PageError,
    content_hash,
    create_from_page,
    extracted_values,
    find_republished,
    more_errors_text,
    more_notes_text,
    prepare_page,
    purge_batch,
    reextract_articles,
    shown_status,
)
from archive.importing.sources import HTML, TEXT, PageReadError, SourcePage, page_from_text, read_upload
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


class TextField(forms.CharField):
    """A multi-line text field that reads browsers' CRLF line ends as the
    LF the archive stores, so an untouched text is never "changed"."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class UnaccentedSearchMixin:
    """Admin search (and autocomplete) that also finds names typed without
    diacritics or in another case: every word of the search, folded, in one
    of ``unaccented_search_fields`` (archive.lookups: unaccent on PostgreSQL)."""

    unaccented_search_fields: list[str] = []

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if words:
            each_word = [
                functools.reduce(
                    operator.or_,
                    (Q(**{f"{field}__unaccented__icontains": word}) for field in self.unaccented_search_fields),
                )
                for word in words
            ]
            results |= queryset.filter(functools.reduce(operator.and_, each_word))
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
    unaccented_search_fields = ["name", "short_name"]
    readonly_fields = ["unaccented_name"]
    inlines = [SuccessionInline]


@admin.register(Organ)
class OrganAdmin(UnaccentedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "province"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    unaccented_search_fields = ["name"]
    autocomplete_fields = ["province"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Congress)
class CongressAdmin(UnaccentedSearchMixin, admin.ModelAdmin):
    list_display = ["__str__", "level", "organisation", "number", "term_start", "term_end", "province"]
    list_filter = ["level"]
    search_fields = ["organisation"]
    unaccented_search_fields = ["organisation"]
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


class RepublicationFilter(admin.SimpleListFilter):
    title = _("republication")
    parameter_name = "republication"

    def lookups(self, request, model_admin):
        return [("yes", _("republishes another article")), ("original", _("republished elsewhere"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(duplicate_of__isnull=False)
        if self.value() == "original":
            return queryset.filter(republications__isnull=False).distinct()
        return queryset


class PageForm(forms.Form):
    """Step one of "add article from a page": the page, pasted or uploaded."""

    text = forms.CharField(
        label=_("Page text or HTML"),
        required=False,
        strip=False,
        widget=Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
        help_text=_("Paste the whole page as copied from the site, furniture and all; it is cleaned for you."),
    )
    file = forms.FileField(
        label=_("or a page file"), required=False, help_text=_("A .txt or .html file, in any Vietnamese encoding.")
    )

    def clean(self):
        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if bool(text.strip()) == bool(upload):
            raise forms.ValidationError(_("Paste a page or choose a file (one of the two)."))
        try:
            # Django keeps an upload past 2.5 MB in a temporary file; only the
            # limit's worth of it is ever read into memory.
            self.page = read_upload(upload) if upload else page_from_text(_("pasted in the admin"), text)
        except PageReadError as error:
            raise forms.ValidationError(str(error)) from None
        return data


class ArticleFromPageForm(forms.ModelForm):
    """Step two: what extraction found, for the editor to correct. The raw page
    travels with the form, encoded so that it comes back exactly as received."""

    raw_page_data = forms.CharField(widget=forms.HiddenInput)
    raw_format = forms.ChoiceField(choices=Article.Format.choices, widget=forms.HiddenInput)
    raw_name = forms.CharField(widget=forms.HiddenInput, required=False)
    raw_encoding = forms.CharField(widget=forms.HiddenInput, required=False)
    source_url = forms.URLField(label=_("source URL"), max_length=2000, required=False, assume_scheme="https")

    class Meta:
        model = Article
        fields = [*[name for name in CORRECTABLE_FIELDS if name != "documents"], "source_url"]
        widgets = {"body": Textarea(attrs={"rows": 18, "class": "vLargeTextField"})}
        field_classes = {"source_url": forms.URLField, "body": TextField}

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_url"].label = capfirst(Article._meta.get_field("source_url").verbose_name)
        if admin_site is not None:
            for name in ("province", "organ"):
                widget = admin.widgets.AutocompleteSelect(Article._meta.get_field(name), admin_site)
                widget.choices = self.fields[name].choices
                self.fields[name].widget = widget

    @staticmethod
    def encode(page: SourcePage) -> dict:
        return {
            "raw_page_data": base64.b64encode(page.raw.encode("utf-8")).decode("ascii"),
            "raw_format": page.format,
            "raw_name": page.name,
            "raw_encoding": page.converted_from or "",
        }

    def source_page(self) -> SourcePage | None:
        try:
            raw = base64.b64decode(self.data.get("raw_page_data", ""), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        page_format = HTML if self.data.get("raw_format") == HTML else TEXT
        return SourcePage(
            name=self.data.get("raw_name", "")[:500],
            raw=raw,
            format=page_format,
            converted_from=self.data.get("raw_encoding") or None,
        )


class CongressMentionInline(admin.TabularInline):
    model = CongressMention
    extra = 0
    autocomplete_fields = ["congress"]


@admin.register(Article)
class ArticleAdmin(UnaccentedSearchMixin, admin.ModelAdmin):
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.TextField: {"form_class": TextField, "widget": Textarea(attrs={"rows": 24, "class": "vLargeTextField"})},
    }
    list_display = ["title", "published", "province", "organ"]
    list_filter = [("province", admin.RelatedOnlyFieldListFilter), ("organ", admin.RelatedOnlyFieldListFilter)]
    list_filter += [YearFilter, CongressFilter, RepublicationFilter]
    list_select_related = ["province", "organ", "batch"]
    search_fields = ["title", "authors", "source_url", "source_name"]
    unaccented_search_fields = ["title", "authors"]
    date_hierarchy = "published_date"
    autocomplete_fields = ["province", "organ", "documents"]
    readonly_fields = [
        "raw_page_view",
        "edited_fields_view",
        "content_hash",
        "batch",
        "raw_format",
        "source_encoding",
        "captured_at",
        "duplicate_of_view",
        "republications_view",
        "created_at",
        "updated_at",
    ]
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
        (
            _("Source"),
            {
                "fields": [
                    "source_url",
                    "source_site",
                    "source_name",
                    "batch",
                    ("raw_format", "source_encoding", "captured_at"),
                    "duplicate_of_view",
                    "republications_view",
                ]
            },
        ),
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

    @admin.display(description=_("republication of"))
    def duplicate_of_view(self, obj):
        if obj.duplicate_of_id is None:
            return "—"
        return _article_link(obj.duplicate_of)

    @admin.display(description=_("republished as"))
    def republications_view(self, obj):
        republications = list(obj.republications.only("id", "title", "source_site")) if obj.pk else []
        if not republications:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((_article_link(a),) for a in republications))
        )

    def get_urls(self):
        return [
            path(
                "from-page/",
                self.admin_site.admin_view(self.add_from_page_view),
                name="archive_article_from_page",
            ),
            *super().get_urls(),
        ]

    def add_from_page_view(self, request):
        """Paste or upload a page, see what extraction found and what it
        removed, correct it, and save."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Add article from a page"),
            # The review form's widgets bring autocomplete.js after jquery.init.js;
            # added here ahead of them it ran before `django` was defined.
            "media": self.media,
        }
        if request.method == "POST" and "save" in request.POST:
            form = ArticleFromPageForm(request.POST, admin_site=self.admin_site)
            page = form.source_page()
            if page is None:
                messages.error(request, _("The page sent with the form was damaged; paste it again."))
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                corrections = {name: form.cleaned_data[name] for name in ArticleFromPageForm.Meta.fields}
                try:
                    article = create_from_page(page, corrections, user=request.user)
                except PageError as error:
                    form.add_error(None, str(error))
                else:
                    self.log_addition(request, article, [{"added": {}}])
                    messages.success(request, _("Article saved: %(title)s") % {"title": article.title})
                    return HttpResponseRedirect(reverse("admin:archive_article_change", args=[article.pk]))
            return self._review(request, context, form, page)
        if request.method == "POST":
            page_form = PageForm(request.POST, request.FILES)
            if page_form.is_valid():
                page = page_form.page
                prepared = prepare_page(page)
                if prepared.extraction is not None:
                    initial = {
                        **extracted_values(prepared.extraction),
                        "source_url": prepared.url,
                        **ArticleFromPageForm.encode(page),
                    }
                    form = ArticleFromPageForm(initial=initial, admin_site=self.admin_site)
                    return self._review(request, context, form, page, prepared)
                page_form.add_error(None, prepared.error)
        else:
            page_form = PageForm()
        context["page_form"] = page_form
        context["media"] += page_form.media
        return TemplateResponse(request, "admin/archive/article/from_page.html", context)

    def _review(self, request, context, form, page, prepared=None):
        prepared = prepared or prepare_page(page)
        existing = Article.objects.filter(content_hash=content_hash(page.raw)).first()
        republished = (
            find_republished(prepared.extraction.body, prepared.band_keys)
            if prepared.band_keys and not existing
            else None
        )
        context.update(
            form=form,
            extraction=prepared.extraction,
            page=page,
            existing=existing,
            republished=republished,
            media=context["media"] + form.media,
        )
        return TemplateResponse(request, "admin/archive/article/from_page_review.html", context)

    def save_model(self, request, obj, form, change):
        if change:
            edited = {CORRECTABLE_FIELDS[name] for name in form.changed_data if name in CORRECTABLE_FIELDS}
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


def _article_link(article: Article):
    url = reverse("admin:archive_article_change", args=[article.pk])
    return format_html('<a href="{}">{}</a> (#{})', url, article.title, article.pk)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status_view",
        "created_count",
        "near_duplicate_count",
        "updated_count",
        "unchanged_count",
        "duplicate_count",
        "failed_count",
        "user",
    ]
    list_filter = ["status"]
    readonly_fields = [
        *("status_view" if field.name == "status" else field.name for field in ImportBatch._meta.fields),
        "error_list",
        "note_list",
    ]
    exclude = ["errors", "notes", "status", "more_errors", "more_notes"]
    actions = ["purge"]

    def has_add_permission(self, request):
        return False  # batches are recorded by the importer

    def has_delete_permission(self, request, obj=None):
        return False  # the record stays; purging removes the batch's articles

    def has_purge_permission(self, request) -> bool:
        return request.user.has_perm("archive.delete_article")

    @admin.action(description=_("Purge: remove the articles these imports created"), permissions=["purge"])
    def purge(self, request, queryset):
        batches = list(queryset.exclude(status=ImportBatch.Status.PURGED))
        if "confirm" not in request.POST:
            articles = Article.objects.filter(batch__in=batches)
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Purge import batches?"),
                "batches": batches,
                "article_count": articles.count(),
                "edited_count": articles.exclude(edited_fields=[]).count(),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            }
            return TemplateResponse(request, "admin/archive/importbatch/purge_confirmation.html", context)
        removed = sum(purge_batch(batch) for batch in batches)
        for batch in batches:
            self.log_change(request, batch, [{"changed": {"fields": ["status"]}}])
        self.message_user(
            request,
            ngettext(
                "%(count)d article removed from the archive.", "%(count)d articles removed from the archive.", removed
            )
            % {"count": removed},
            messages.SUCCESS,
        )
        return None

    @admin.display(description=_("status"), ordering="status")
    def status_view(self, obj):
        return shown_status(obj)

    # The lists are bounded when recorded (archive.importing.batches.MAX_ERRORS,
    # MAX_NOTES); what they leave out is counted below them.
    @admin.display(description=_("notes"))
    def note_list(self, obj):
        return _bounded_list(((n["path"], n["note"]) for n in obj.notes), more_notes_text(obj))

    @admin.display(description=_("errors"))
    def error_list(self, obj):
        return _bounded_list(((e["path"], e["reason"]) for e in obj.errors), more_errors_text(obj))


def _bounded_list(rows, more: str):
    rows = list(rows)
    if not rows:
        return "—"
    items = format_html_join("", "<li><code>{}</code>: {}</li>", rows)
    if more:
        return format_html("<ul>{}</ul><p>{}</p>", items, more)
    return format_html("<ul>{}</ul>", items)
