from agora.accounts import demo as accounts_demo
from agora.blog import demo
from agora.blog.models import Post


def test_the_demo_blog_loads_twice_without_duplicates(db, client):
    accounts_demo.load()
    demo.load()
    demo.load()
    assert Post.objects.published().count() == 3
    assert Post.objects.filter(status=Post.Status.SUBMITTED).count() == 1
    assert set(Post.objects.published().values_list("language", flat=True)) == {"en", "fr"}
    assert client.get("/blog/").status_code == 200
