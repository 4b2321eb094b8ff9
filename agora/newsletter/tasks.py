"""Background tasks of the newsletter, run by `agora worker` from the database queue."""

from django_tasks import task

from agora.newsletter import sending, subscribing


@task()
def send_due_issues() -> int:
    """Start sending the issues whose time has come (and resume stalled ones); run regularly."""
    return sending.start_due_issues()


@task()
def send_issue_batch(issue_id: int) -> int:
    """Send one batch of an issue; it queues the next batch itself."""
    return sending.send_batch(issue_id)


@task()
def purge_unconfirmed_subscriptions() -> int:
    """Delete sign-ups never confirmed within the link's lifetime; run regularly."""
    return subscribing.purge_unconfirmed()
