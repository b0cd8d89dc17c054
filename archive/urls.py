from django.urls import path

from . import feeds, views

app_name = "archive"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path(
        "documents/<slug:slug>/cite.<str:format>",
        views.DocumentCitationView.as_view(),
        name="document-citation",
    ),
    path("themes/", views.ThemeListView.as_view(), name="theme-list"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("themes/<slug:slug>/feed/", feeds.ThemeFeed(), name="theme-feed"),
    path("people/<slug:slug>/feed/", feeds.PersonFeed(), name="person-feed"),
    path("feeds/documents/", feeds.DocumentFeed(), name="document-feed"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("sources/<str:sha256>/", views.source_file, name="source-file"),
]
