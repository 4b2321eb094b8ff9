from django.urls import path

from agora.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("data/", views.my_data, name="my_data"),
    path("data/export.json", views.export_my_data, name="export"),
    path("data/erasure/", views.request_my_erasure, name="request_erasure"),
]
