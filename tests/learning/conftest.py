import pytest

from agora.delivery.models import StreamActivity
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    ModuleFactory,
    StreamFactory,
    UnitFactory,
)


class Course:
    """A cohort with two modules of two activities each, and a learner in a stream."""

    def __init__(self):
        self.cohort = CohortFactory()
        programme = self.cohort.programme
        first = ModuleFactory(level__programme=programme)
        second = ModuleFactory(level=first.level)
        self.unit_one = UnitFactory(module=first)
        self.unit_two = UnitFactory(module=second)
        self.reading = ActivityFactory(unit=self.unit_one, kind="reading", order=1)
        self.quiz = ActivityFactory(unit=self.unit_one, kind="quiz", order=2)
        self.video = ActivityFactory(unit=self.unit_two, kind="video", order=1)
        self.live = ActivityFactory(unit=self.unit_two, kind="live_session", order=2)
        self.stream = StreamFactory(cohort=self.cohort)
        self.enrolment = EnrolmentFactory(cohort=self.cohort, stream=self.stream)

    def rule(self, activity, requirement):
        StreamActivity.objects.update_or_create(
            stream=self.stream, activity=activity, defaults={"requirement": requirement}
        )

    @property
    def activities(self):
        return [self.reading, self.quiz, self.video, self.live]


@pytest.fixture
def course(db):
    return Course()
