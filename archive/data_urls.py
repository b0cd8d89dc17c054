from django.urls import path

from . import data_views

app_name = "data"

urlpatterns = [
    path("", data_views.DataIndexView.as_view(), name="index"),
    path("<slug:kind>.<slug:format>", data_views.download, name="download"),
]
