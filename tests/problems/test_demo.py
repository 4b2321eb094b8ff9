from agora.problems import demo
from agora.problems.models import ProblemReport


def test_the_demo_reports_load_twice_without_duplicates(db):
    demo.load()
    demo.load()
    assert ProblemReport.objects.count() == 2
    assert ProblemReport.objects.open().count() == 2
