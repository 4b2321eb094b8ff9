"""Background work of the learning app."""

from django_tasks import task

from agora.learning import progress


@task()
def recount_stream_task(stream_id: int) -> int:
    """Recount a stream's learners after its rules changed."""
    return progress.recount_stream(stream_id)
