"""The public blog: list, tags, post pages, Atom feeds; unpublished posts stay hidden."""

from defusedxml import ElementTree
from django.urls import reverse

from tests.blog.conftest import propose, publish

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_blog_lists_published_posts_only(client, published, proposal):
    page = client.get(reverse("blog:index")).content.decode()
    assert "Published story" in page
    assert "Listening first" not in page


def test_a_post_page_shows_author_date_and_sanitised_body(client, author, editor):
    post = publish(
        propose(author, title="Safe", body="Hi <script>alert(1)</script> [x](https://e.org)"),
        editor,
    )
    page = client.get(reverse("blog:post", args=[post.slug])).content.decode()
    assert "By Ana Author" in page
    assert "<script>alert(1)" not in page
    assert 'rel="noopener noreferrer nofollow"' in page
    assert "ana@example.org" not in page


def test_an_unpublished_post_has_no_public_page(client, proposal):
    assert client.get(reverse("blog:post", args=[proposal.slug])).status_code == 404


def test_a_tag_page_lists_its_posts(client, author, editor):
    publish(propose(author, title="Tagged", tags="juries"), editor)
    publish(propose(author, title="Untagged", tags=""), editor)
    page = client.get(reverse("blog:tag", args=["juries"])).content.decode()
    assert "Tagged" in page and "Untagged" not in page
    assert 'type="application/atom+xml"' in page
    assert reverse("blog:tag_feed", args=["juries"]) in page


def test_every_page_announces_the_feed(client, db):
    page = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Agora blog" href="/blog/feed/">'
        in page
    )


def test_the_atom_feed_has_the_published_posts(client, published, proposal):
    response = client.get(reverse("blog:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Published story"]
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Ana Author"


def test_the_tag_feed_has_that_tags_posts(client, author, editor):
    publish(propose(author, title="Jury", tags="juries"), editor)
    publish(propose(author, title="Other", tags="budgets"), editor)
    feed = ElementTree.fromstring(client.get(reverse("blog:tag_feed", args=["juries"])).content)
    assert [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")] == ["Jury"]


def test_an_unknown_tag_is_404(client, db):
    assert client.get(reverse("blog:tag", args=["nothing"])).status_code == 404
    assert client.get(reverse("blog:tag_feed", args=["nothing"])).status_code == 404


def test_the_list_uses_a_bounded_number_of_queries(
    client, author, editor, django_assert_max_num_queries
):
    for number in range(25):
        publish(propose(author, title=f"Post {number}", tags=f"t{number}, shared"), editor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("blog:index"), {"page": 2})
    assert "Page 2 of 3" in response.content.decode()


def test_the_feed_uses_a_bounded_number_of_queries(
    client, author, editor, django_assert_max_num_queries
):
    for number in range(25):
        publish(propose(author, title=f"Post {number}", tags="shared"), editor)
    with django_assert_max_num_queries(6):
        client.get(reverse("blog:feed"))
