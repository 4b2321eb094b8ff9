"""Between the attempt's stored questions and the page: reading answers from a form, and the
rows a template shows (options in their shown order, what the learner chose, feedback)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from agora.portal.markdown import render_markdown
from agora.quizzes import grading
from agora.quizzes.models import Attempt

MAX_TEXT = 500  # characters kept of a typed answer


def field_name(position: int, part: int | None = None) -> str:
    return f"q{position}" if part is None else f"q{position}-{part}"


def answer_from_post(entry: dict, position: int, data: QueryDict) -> Any:
    """The answer to the question at ``position`` as the form sent it ("" when none)."""
    kind, version = entry["kind"], entry["version"]
    name = field_name(position)
    if kind == "multiple":
        return [_int(value) for value in data.getlist(name) if _int(value) is not None]
    if kind in ("single",):
        value = _int(data.get(name, ""))
        return "" if value is None else value
    if kind == "true_false":
        value = data.get(name, "")
        return value if value in ("true", "false") else ""
    if kind in ("short", "numeric"):
        return data.get(name, "").strip()[:MAX_TEXT]
    if kind == "matching":
        return {
            str(index): _int(data.get(field_name(position, index), ""))
            for index in range(len(version["pairs"]))
            if _int(data.get(field_name(position, index), "")) is not None
        }
    if kind == "ordering":
        return {
            str(index): _int(data.get(field_name(position, index), ""))
            for index in range(len(version["items"]))
            if _int(data.get(field_name(position, index), "")) is not None
        }
    return ""


def answers_from_post(attempt: Attempt, data: QueryDict) -> dict[int, Any]:
    return {
        position: answer_from_post(entry, position, data)
        for position, entry in enumerate(attempt.drawn)
    }


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def question_rows(attempt: Attempt, *, reveal: bool) -> list[dict]:
    """What the page shows for each question; ``reveal``: grades, feedback and explanations
    for every question (after submission when the quiz says so); checked questions always."""
    return [
        question_row(attempt, position, reveal=reveal or position in attempt.checked)
        for position in range(len(attempt.drawn))
    ]


def question_row(attempt: Attempt, position: int, *, reveal: bool) -> dict:
    entry = attempt.drawn[position]
    kind, version, order = entry["kind"], entry["version"], entry["order"]
    answer = attempt.answers.get(str(position), "")
    row: dict[str, Any] = {
        "position": position,
        "number": position + 1,
        "kind": kind,
        "name": field_name(position),
        "text": render_markdown(version.get("text", "")),
        "answer": answer,
        "locked": position in attempt.checked or attempt.is_submitted,
        "checked": position in attempt.checked,
    }
    if kind in ("single", "multiple"):
        chosen = set(answer if isinstance(answer, list) else [answer])
        row["options"] = [
            {"index": index, "text": version["options"][index]["text"], "chosen": index in chosen}
            for index in order
        ]
    elif kind == "matching":
        matches = [pair[1] for pair in version["pairs"]] + list(version.get("extras", []))
        chosen = answer if isinstance(answer, dict) else {}
        row["choices"] = [{"index": index, "text": matches[index]} for index in order]
        row["prompts"] = [
            {"index": index, "text": pair[0], "name": field_name(position, index),
             "chosen": _int(chosen.get(str(index)))}
            for index, pair in enumerate(version["pairs"])
        ]
    elif kind == "ordering":
        chosen = answer if isinstance(answer, dict) else {}
        row["positions"] = list(range(1, len(order) + 1))
        row["items"] = [
            {"index": index, "text": version["items"][index], "name": field_name(position, index),
             "chosen": _int(chosen.get(str(index)))}
            for index in order
        ]
    if reveal:
        result = grading.grade(kind, version, answer)
        row["result"] = result
        row["right_answer"] = grading.right_answer(kind, version)
        row["explanation"] = render_markdown(version.get("explanation", ""))
    return row
