"""The course outline's lines, built in Python in one pass, are the markup the template's loop
gave: every state, in the learner's language, escaped."""

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from agora.delivery.models import StreamActivity
from agora.learning import summary
from agora.learning.models import ActivityProgress
from agora.learning.views import _render_lines
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

# The loop course.html had before the lines were built in Python (kept here to compare).
TEMPLATE_LOOP = """{% load i18n %}{% for module in outline.modules %}{% for unit in module.units %}
    <ul class="outline-activities">
      {% for line in unit.lines %}
      <li>
        <a href="{% url 'learning:activity' cohort.slug line.activity.pk %}" lang="{{ enrolment.language }}">{{ line.title }}</a>
        · {{ line.activity.get_kind_display }}
        {% if line.activity.estimated_minutes %}· {% blocktranslate count minutes=line.activity.estimated_minutes trimmed %}{{ minutes }} min{% plural %}{{ minutes }} min{% endblocktranslate %}{% endif %}
        · {% if line.is_required %}<strong>{% translate "required" %}</strong>{% else %}{% translate "optional" %}{% endif %}
        {% if line.is_done %}· <span class="status-badge">{% translate "Done" %}</span>{% elif line.progress %}· {% translate "started" %}{% endif %}
      </li>
      {% endfor %}
    </ul>{% endfor %}{% endfor %}"""  # noqa: E501

PYTHON_LOOP = """{% for module in outline.modules %}{% for unit in module.units %}
    <ul class="outline-activities">
      {{ unit.lines_html }}
    </ul>{% endfor %}{% endfor %}"""


def _both(enrolment):
    context = {"enrolment": enrolment, "cohort": enrolment.cohort}
    by_template = Template(TEMPLATE_LOOP).render(
        Context({**context, "outline": summary.course_outline(enrolment)})
    )
    outline = summary.course_outline(enrolment)
    _render_lines(outline, enrolment)
    by_python = Template(PYTHON_LOOP).render(Context({**context, "outline": outline}))
    return by_template, by_python


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_lines_are_the_markup_the_template_gave(course, language):
    course.rule(course.reading, StreamActivity.Requirement.REQUIRED)
    course.rule(course.quiz, StreamActivity.Requirement.OPTIONAL)
    course.reading.title = {"en": "Read <this> & that", "fr": "Lire « ceci » & cela"}
    course.reading.estimated_minutes = 1
    course.reading.save()
    course.quiz.estimated_minutes = 0
    course.quiz.save()
    course.video.estimated_minutes = 1500  # a thousands separator, if the language has one
    course.video.save()
    ActivityFactory(unit=course.unit_two, kind="no-such-kind", order=3)  # a kind since removed
    enrolment = course.enrolment
    ActivityProgress.objects.create(
        enrolment=enrolment, activity=course.reading, completed_at=timezone.now()
    )
    ActivityProgress.objects.create(enrolment=enrolment, activity=course.video)  # started
    enrolment.language = language
    enrolment.save()
    with translation.override(language):
        by_template, by_python = _both(enrolment)
    if language == "en":  # the cases are there to compare
        assert "Read &lt;this&gt; &amp; that" in by_template
        assert "· started" in by_template and "status-badge" in by_template
        assert "· 1 min" in by_template and "· 1500 min" in by_template
    assert by_python == by_template


def test_a_learner_without_stream_has_every_activity_required(course):
    course.enrolment.stream = None
    course.enrolment.save()
    by_template, by_python = _both(course.enrolment)
    assert by_template.count("<strong>required</strong>") == len(course.activities)
    assert by_python == by_template
