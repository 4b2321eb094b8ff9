"""The blog's Atom feeds: every published post, and the posts of one tag."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from agora.blog.models import Post, Tag

FEED_SIZE = 20


class BlogFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None) -> str:
        return _("Agora blog")

    def subtitle(self, obj=None) -> str:
        return _("Practitioners write about public participation and engagement.")

    def link(self, obj=None) -> str:
        return reverse("blog:index")

    def items(self, obj=None):
        return (
            Post.objects.published().select_related("author").prefetch_related("tags")[:FEED_SIZE]
        )

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.summary

    def item_author_name(self, item: Post) -> str:
        return item.byline

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return item.updated_at

    def item_categories(self, item: Post):
        return [tag.name for tag in item.tags.all()]


class TagFeed(BlogFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None) -> str:
        return _("Agora blog: %(tag)s") % {"tag": obj.name}

    def link(self, obj=None) -> str:
        return obj.get_absolute_url()

    def items(self, obj=None):
        return (
            Post.objects.published()
            .filter(tags=obj)
            .select_related("author")
            .prefetch_related("tags")[:FEED_SIZE]
        )
