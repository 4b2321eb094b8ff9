"""The database task queue and the worker that empties it."""

import pytest
from django.core.management import call_command
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from agora.accounts.models import Organisation


@task()
def rename_organisation(slug: str, name: str) -> None:
    Organisation.objects.filter(slug=slug).update(name=name)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_tasks():
    Organisation.objects.create(name="Old", slug="town", kind=Organisation.Kind.PUBLIC_BODY)
    rename_organisation.enqueue("town", "New")
    assert Organisation.objects.get().name == "Old"  # queued, not run

    call_command("worker", batch=True)

    assert Organisation.objects.get().name == "New"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_every_periodic_task_exists_and_can_be_enqueued(db):
    from django.utils.module_loading import import_string

    from agora.portal.management.commands.worker import PERIODIC_TASKS

    for path, seconds in PERIODIC_TASKS:
        assert seconds >= 60
        import_string(path).enqueue()
    assert DBTaskResult.objects.count() == len(PERIODIC_TASKS)


@pytest.mark.django_db(transaction=True)
def test_the_schedule_enqueues_a_task_and_stops_when_told():
    import threading

    from agora.portal.management.commands.worker import enqueue_every

    class StopAfterOne(threading.Event):
        def wait(self, timeout=None):
            self.set()
            return True

    enqueue_every("agora.delivery.tasks.release_seats", 3600, StopAfterOne())
    assert DBTaskResult.objects.count() == 1
