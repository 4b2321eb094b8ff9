"""The facilitators' gradebook: learners × activities of one cohort, paged, filterable, CSV.

Facilitators of the cohort and organisers who manage it may read it
(``Cohort.objects.run_by``); anyone else gets 404. A page costs a fixed number of
queries: the learners of the page, the activities, the stream rules, and the page's records.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agora.catalogue.models import Activity, pick_text
from agora.delivery.exports import EchoFile, csv_download, escape_cell
from agora.delivery.models import Cohort, Enrolment, StreamActivity
from agora.learning import scope
from agora.learning.models import ActivityProgress

LEARNERS_PER_PAGE = 50
CSV_BATCH = 500
# Filters contributed by apps that build on learning, by dotted path (learning imports none of
# them): each is a class with ``name``, ``field(cohort) -> forms.Field | None`` (None: nothing
# to filter by in this cohort) and ``apply(enrolments, value) -> QuerySet``.
GRADEBOOK_FILTERS: list[str] = ["agora.groups.gradebook.GroupFilter"]


class GradebookFilter(forms.Form):
    stream = forms.ChoiceField(label=gettext_lazy("Stream"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Completion"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("completed", gettext_lazy("Completed")),
            ("in_progress", gettext_lazy("Not completed yet")),
        ],
    )
    q = forms.CharField(label=gettext_lazy("Name or e-mail"), required=False, max_length=100)

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language()
        self.fields["stream"].choices = [("", _("All streams"))] + [
            (str(stream.pk), pick_text(stream.name, language, cohort.languages[0]))
            for stream in cohort.streams.all()
        ]
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, code.upper()) for code in cohort.languages
        ]
        self.contributed = []
        for path in GRADEBOOK_FILTERS:
            contributed = import_string(path)()
            field = contributed.field(cohort)
            if field is not None:
                self.fields[contributed.name] = field
                self.contributed.append(contributed)
        self.order_fields(["stream", *(c.name for c in self.contributed), "language"])

    def apply(self, enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
        if not self.is_valid():
            return enrolments
        data = self.cleaned_data
        if data["stream"]:
            enrolments = enrolments.filter(stream_id=data["stream"])
        if data["language"]:
            enrolments = enrolments.filter(language=data["language"])
        if data["status"] == "completed":
            enrolments = enrolments.filter(completed_at__isnull=False)
        elif data["status"] == "in_progress":
            enrolments = enrolments.filter(completed_at__isnull=True)
        for contributed in self.contributed:
            if data.get(contributed.name):
                enrolments = contributed.apply(enrolments, data[contributed.name])
        if data["q"]:
            enrolments = enrolments.filter(
                Q(user__full_name__icontains=data["q"]) | Q(user__email__icontains=data["q"])
            )
        return enrolments


@dataclass
class Cell:
    hidden: bool
    record: dict | None  # {"completed_at", "score"} or None

    @property
    def done(self) -> bool:
        return bool(self.record and self.record["completed_at"])

    @property
    def started(self) -> bool:
        return self.record is not None

    @property
    def score(self):
        return self.record["score"] if self.record else None


def _cohort_for(request: HttpRequest, slug: str) -> Cohort:
    cohorts = Cohort.objects.run_by(request.user).select_related("programme")
    return get_object_or_404(cohorts.prefetch_related("streams", "modules"), slug=slug)


def _learners(cohort: Cohort) -> QuerySet[Enrolment]:
    return (
        cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED)
        .select_related("user", "stream")
        .order_by("user__full_name", "user__email", "pk")
    )


def _hidden_by_stream(cohort: Cohort) -> set[tuple[int, int]]:
    return set(
        StreamActivity.objects.filter(
            stream__cohort=cohort, requirement=StreamActivity.Requirement.HIDDEN
        ).values_list("stream_id", "activity_id")
    )


def _rows(
    enrolments: list[Enrolment], activities: list[Activity], hidden: set[tuple[int, int]]
) -> list[tuple[Enrolment, list[Cell]]]:
    records = {
        (row["enrolment_id"], row["activity_id"]): row
        for row in ActivityProgress.objects.filter(
            enrolment__in=[e.pk for e in enrolments]
        ).values("enrolment_id", "activity_id", "completed_at", "score")
    }
    return [
        (
            enrolment,
            [
                Cell(
                    hidden=(enrolment.stream_id, activity.pk) in hidden,
                    record=records.get((enrolment.pk, activity.pk)),
                )
                for activity in activities
            ],
        )
        for enrolment in enrolments
    ]


def _columns(cohort: Cohort) -> list[tuple[Activity, str]]:
    language = get_language()
    activities = scope.cohort_activities(cohort).select_related("unit__module")
    source = cohort.programme.source_language
    return [(a, pick_text(a.title, language, source)) for a in activities]


def cells_html(cells: list[Cell]) -> SafeString:
    """A row's cells as HTML, built here rather than in the template: a page is 50 learners ×
    up to 60 activities, and 3,000 template conditionals cost a second of CPU."""
    done = format_html('✓<span class="visually-hidden">{}</span>', _("done"))
    started = format_html('…<span class="visually-hidden">{}</span>', _("started"))
    return format_html_join("", "<td>{}</td>", ((_cell_content(c, done, started),) for c in cells))


def _cell_content(cell: Cell, done: SafeString, started: SafeString) -> str:
    if cell.hidden:
        return "–"
    if cell.score is not None:
        return f"{cell.score:.0f}%"
    if cell.done:
        return done
    return started if cell.started else ""


@login_required
@require_GET
def gradebook(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = _cohort_for(request, cohort_slug)
    form = GradebookFilter(request.GET or None, cohort=cohort)
    enrolments = form.apply(_learners(cohort))
    page = Paginator(enrolments, LEARNERS_PER_PAGE).get_page(request.GET.get("page"))
    columns = _columns(cohort)
    rows = [
        (enrolment, cells_html(cells))
        for enrolment, cells in _rows(
            list(page.object_list), [a for a, _t in columns], _hidden_by_stream(cohort)
        )
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cohort": cohort,
        "form": form,
        "page": page,
        "columns": columns,
        "rows": rows,
        "query": query.urlencode(),
    }
    return render(request, "learning/gradebook.html", context)


@login_required
@require_GET
def gradebook_csv(request: HttpRequest, cohort_slug: str) -> StreamingHttpResponse:
    cohort = _cohort_for(request, cohort_slug)
    form = GradebookFilter(request.GET or None, cohort=cohort)
    enrolments = form.apply(_learners(cohort))
    columns = _columns(cohort)
    lines = _csv_lines(enrolments, columns, _hidden_by_stream(cohort))
    return csv_download(request, lines, f"gradebook-{cohort.slug}.csv")


def _csv_lines(
    enrolments: QuerySet[Enrolment],
    columns: list[tuple[Activity, str]],
    hidden: set[tuple[int, int]],
) -> Iterator[str]:
    writer = csv.writer(EchoFile())
    activities = [activity for activity, _title in columns]
    yield "\ufeff" + writer.writerow(
        [_("Name"), _("E-mail"), _("Stream"), _("Language"), _("Completed")]
        + [escape_cell(title) for _activity, title in columns]
    )
    batch: list[Enrolment] = []
    for enrolment in enrolments.iterator(chunk_size=CSV_BATCH):
        batch.append(enrolment)
        if len(batch) == CSV_BATCH:
            yield from _csv_batch(writer, batch, activities, hidden)
            batch = []
    if batch:
        yield from _csv_batch(writer, batch, activities, hidden)


def _csv_batch(writer, batch, activities, hidden) -> Iterator[str]:
    for enrolment, cells in _rows(batch, activities, hidden):
        yield writer.writerow(
            [
                escape_cell(enrolment.user.full_name),
                escape_cell(enrolment.user.email),
                escape_cell(str(enrolment.stream.name) if enrolment.stream else ""),
                enrolment.language,
                enrolment.completed_at.date().isoformat() if enrolment.completed_at else "",
            ]
            + [_csv_cell(cell) for cell in cells]
        )


def _csv_cell(cell: Cell) -> str:
    if cell.hidden:
        return ""
    if cell.score is not None:
        return format(cell.score.normalize(), "f")
    if cell.done:
        return _("done")
    return _("started") if cell.started else ""
