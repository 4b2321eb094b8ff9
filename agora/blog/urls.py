from django.urls import path

from agora.blog import feeds, views

app_name = "blog"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed/", feeds.BlogFeed(), name="feed"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("posts/<str:slug>/", views.post, name="post"),
    path("propose/", views.propose, name="propose"),
    path("mine/", views.mine, name="mine"),
    path("editorial/", views.editorial, name="editorial"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("proposals/<int:pk>/edit/", views.edit, name="edit"),
    path("proposals/<int:pk>/comment/", views.comment, name="comment"),
    path("proposals/<int:pk>/decide/", views.decide, name="decide"),
]
