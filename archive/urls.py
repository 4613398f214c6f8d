from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from archive import views

admin.site.site_header = _("Archive of provincial Party news")
admin.site.site_title = _("Archive administration")
admin.site.index_title = _("Administration")

# Pages people read come in Vietnamese at "/…" and in English at "/en/…"
# (see archive.middleware); the JSON API is the same in both, and so are the
# files robots and browsers ask for by a fixed name.
urlpatterns = [
    path("", include("search.api_urls")),
    path("api/articles/<int:article_id>", views.api_article, name="api_article"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", views.sitemap_section, name="sitemap_section"),
    *i18n_patterns(
        path("", views.home, name="home"),
        path("tinh/", views.provinces, name="provinces"),
        path("tinh/<slug:slug>/", views.province, name="province"),
        path("co-quan/", views.organs, name="organs"),
        path("co-quan/<slug:slug>/", views.organ, name="organ"),
        path("dai-hoi/", views.congresses, name="congresses"),
        path("dai-hoi/<int:pk>/", views.congress, name="congress"),
        path("nam/", views.years, name="years"),
        path("nam/<int:year>/", views.year_archive, name="year_archive"),
        path("nam/<int:year>/<int:month>/", views.month_archive, name="month_archive"),
        path("ban-do/", views.province_map, name="map"),
        path("bai/<int:article_id>/", views.article, name="article"),
        path("bai/<int:article_id>/trang-goc/", views.raw_page, name="article_raw"),
        path("", include("search.urls")),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]

handler404 = views.not_found
