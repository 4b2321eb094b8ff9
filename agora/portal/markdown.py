"""Text written in Markdown (course content, later forum posts) rendered to safe HTML.

Raw HTML in the source is not passed through, and the output is sanitised by nh3 (Ammonia)
whatever the source holds, so the result may be marked safe.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")


def render_markdown(text: str) -> SafeString:
    if not text:
        return mark_safe("")  # noqa: S308 - nothing to escape
    html = nh3.clean(_markdown.render(text), link_rel="noopener noreferrer nofollow")
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 just above
