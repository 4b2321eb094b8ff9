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
