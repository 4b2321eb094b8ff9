"""Small helpers for the live templates: reading a participant's own answers, sizes of words."""

from django import template

register = template.Library()


@register.filter
def answer_for(mine: dict, interaction_id) -> object:
    return (mine or {}).get("answers", {}).get(str(interaction_id))


@register.filter
def chosen(value, index: int) -> bool:
    if isinstance(value, list):
        return index in value
    return value == index


@register.filter
def points(scale: int) -> range:
    return range(1, int(scale) + 1)


@register.filter
def rank_of(order, index: int) -> int:
    """The place (1 = first) a stored ranking gives an option; by default, its own order."""
    if isinstance(order, list) and index in order:
        return order.index(index) + 1
    return index + 1


@register.filter
def cloud_size(count, largest) -> int:
    """1 to 5: the word's size class in a word cloud, by its share of the largest count."""
    return 1 + round(4 * count / (largest or 1))


@register.filter
def upvoted(mine: dict, question_id) -> bool:
    return question_id in (mine or {}).get("upvoted", [])
