from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from archive import views

admin.site.site_header = _("Archive of provincial Party news")
admin.site.site_title = _("Archive administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("bai/<int:article_id>/", views.article, name="article"),
    path("bai/<int:article_id>/trang-goc/", views.raw_page, name="article_raw"),
    path("", include("search.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
