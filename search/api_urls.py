"""Addresses that are the same in every language, outside the /en/ prefix:
the JSON API, and the files robots and browsers ask for by a fixed name."""

from django.urls import path

from search import views

urlpatterns = [
    path("api/search", views.api_search, name="api_search"),
    path("api/articles/<int:article_id>", views.api_article, name="api_article"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", views.sitemap_section, name="sitemap_section"),
]
