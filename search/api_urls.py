from django.urls import path

from search import views

urlpatterns = [
    path("api/search", views.api_search, name="api_search"),
    path("api/articles/<int:article_id>", views.api_article, name="api_article"),
]
