from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from archive import views

admin.site.site_header = _("Archive of provincial Party news")
admin.site.site_title = _("Archive administration")
admin.site.index_title = _("Administration")

# Pages people read come in Vietnamese at "/…" and in English at "/en/…"
# (see archive.middleware); the JSON API is the same in both.
urlpatterns = [
    path("", include("search.api_urls")),
    *i18n_patterns(
        path("", views.home, name="home"),
        path("bai/<int:article_id>/", views.article, name="article"),
        path("bai/<int:article_id>/trang-goc/", views.raw_page, name="article_raw"),
        path("", include("search.urls")),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]
