"""The search's addresses that are the same in every language, outside the
/en/ prefix: its JSON API, and the OpenSearch description browsers ask for by
a fixed name."""

from django.urls import path

from search import views

urlpatterns = [
    path("api/search", views.api_search, name="api_search"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
]
