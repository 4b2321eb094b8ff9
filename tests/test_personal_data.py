"""Personal data is declared, exported on request, and erased without a trace when confirmed."""

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection, models
from django.urls import reverse

from agora.accounts.erasure import confirm_erasure, request_erasure
from agora.accounts.models import ErasureRequest, User
from agora.accounts.personal_data import declaration_of
from tests.factories import MembershipFactory, UserFactory

# Field names that hold personal data wherever they appear.
PERSONAL_FIELD_NAMES = {"email", "full_name", "phone", "ip", "address", "user_agent", "birth_date"}
MARKER = "Zqx7Marker"


def holds_personal_data(model: type[models.Model]) -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for field in model._meta.get_fields():
        if (field.auto_created and not field.concrete) or field.many_to_many:
            continue  # reverse relations, and links whose through model is checked itself
        if getattr(field, "related_model", None) is user_model and field.concrete:
            return True
        if field.name in PERSONAL_FIELD_NAMES:
            return True
    return model is user_model


def test_every_model_holding_personal_data_declares_it():
    undeclared = [
        model._meta.label
        for model in apps.get_models()
        if holds_personal_data(model)
        and declaration_of(model) is None
        and not getattr(model, "not_personal_data", "")
    ]
    assert undeclared == []


def test_every_declared_field_exists():
    for model in apps.get_models():
        declaration = declaration_of(model)
        if declaration:
            for name in declaration.fields:
                model._meta.get_field(name)  # raises FieldDoesNotExist


def seed_marked_person(client) -> User:
    """A person with a marker string in every place Agora keeps something about them."""
    person = UserFactory(email=f"{MARKER.lower()}@example.org", full_name=f"Anna {MARKER}")
    MembershipFactory(user=person, job_title=f"Head of {MARKER}")
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": MARKER})
    client.force_login(person)
    client.get("/", HTTP_USER_AGENT=f"Browser/{MARKER}")
    admin = UserFactory(is_staff=True)
    LogEntry.objects.log_actions(
        user_id=admin.pk,
        queryset=[person],
        action_flag=CHANGE,
        change_message=f"Renamed {MARKER}",
    )
    request_erasure(person, reason=f"Because {MARKER}")
    return person


def database_dump() -> str:
    """Every value of every table, as one string to search."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.mark.django_db(transaction=True)
def test_confirmed_erasure_leaves_no_personal_value_and_ends_sessions(client):
    person = seed_marked_person(client)
    assert MARKER in database_dump()
    assert UserSession.objects.filter(user=person).exists()

    confirm_erasure(ErasureRequest.objects.get(user=person), admin=UserFactory(is_superuser=True))

    dump = database_dump()
    assert MARKER not in dump
    assert MARKER.lower() not in dump.lower()
    assert Session.objects.count() == 0
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out
    assert mail.outbox[-1].to == [f"{MARKER.lower()}@example.org"]
    assert "erased" in mail.outbox[-1].subject
    record = ErasureRequest.objects.get()
    assert record.status == ErasureRequest.Status.DONE
    assert record.user is None


@pytest.mark.django_db
def test_export_holds_everything_declared_about_me_and_nothing_about_others(client):
    person = seed_marked_person(client)
    other = UserFactory(full_name="Someone Else")
    client.force_login(person)
    response = client.get(reverse("accounts:export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)["data"]
    assert data["accounts.User"]["records"][0]["full_name"] == f"Anna {MARKER}"
    assert data["accounts.Membership"]["records"][0]["job_title"] == f"Head of {MARKER}"
    assert data["usersessions.UserSession"]["records"]
    assert MARKER not in json.dumps(data["mfa.Authenticator"])  # the TOTP secret stays
    assert other.full_name not in response.content.decode()


@pytest.mark.django_db
def test_my_data_page_lists_what_is_held(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 200
    assert user.email in response.content.decode()


@pytest.mark.django_db
def test_an_erasure_request_needs_confirmation_and_keeps_the_reason(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:request_erasure"), {"reason": "moving on"})
    assert response.status_code == 400
    assert "moving on" in response.content.decode()
    assert not ErasureRequest.objects.exists()


@pytest.mark.django_db
def test_a_double_submitted_erasure_request_counts_once(client, user):
    client.force_login(user)
    for _ in range(2):
        response = client.post(reverse("accounts:request_erasure"), {"confirm": "on"})
        assert response.status_code == 302
    assert ErasureRequest.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_only_a_platform_admin_can_confirm_erasure_in_the_admin(client, user):
    erasure_request = request_erasure(user)
    changelist = reverse("admin:accounts_erasurerequest_changelist")
    action = {"action": "confirm", "_selected_action": [erasure_request.pk]}

    staff_without_rights = UserFactory(is_staff=True)
    Authenticator.objects.create(user=staff_without_rights, type="totp", data={})
    client.force_login(staff_without_rights)
    assert client.post(changelist, action).status_code == 403

    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type="totp", data={})
    client.force_login(admin)
    assert client.post(changelist, action).status_code == 302
    erasure_request.refresh_from_db()
    assert erasure_request.status == ErasureRequest.Status.DONE
    assert not User.objects.filter(email=user.email).exists()


@pytest.mark.django_db
def test_admin_log_entries_about_a_person_are_found_for_export(client, user):
    admin = UserFactory(is_staff=True)
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=user.email,
        action_flag=CHANGE,
    )
    client.force_login(user)
    data = json.loads(client.get(reverse("accounts:export")).content)["data"]
    assert data["admin.LogEntry"]["records"][0]["object_repr"] == user.email
