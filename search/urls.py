from django.urls import path, re_path

from search import views

urlpatterns = [
    path("tim-kiem/", views.search_page, name="search"),
    path("tim-kiem/atom", views.search_feed, name="search_feed"),
    re_path(r"^tim-kiem/xuat\.(?P<format>csv|json)$", views.search_export, name="search_export"),
    path("tro-giup/tim-kiem/", views.help_page, name="search_help"),
]
