from django.urls import path

from search import views

urlpatterns = [
    path("tim-kiem/", views.search_page, name="search"),
    path("tro-giup/tim-kiem/", views.help_page, name="search_help"),
]
