from agora.portal.markdown import render_markdown


def test_markdown_renders_tables_and_emphasis():
    text = "**Plan** first.\n\n| Step | Who |\n| --- | --- |\n| Mandate | Council |\n"
    html = render_markdown(text)
    assert "<strong>Plan</strong>" in html
    assert "<table>" in html and "<td>Council</td>" in html


def test_raw_html_and_script_links_are_shown_as_text_never_run():
    source = '<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="x">b</b>'
    html = render_markdown(source)
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "<b " not in html


def test_links_do_not_pass_on_the_referrer():
    assert 'rel="noopener noreferrer nofollow"' in render_markdown("[Agora](https://example.org)")


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
