"""Declarations of personal data, and the walk over them that export and erasure share.

Every model that holds personal data carries a ``personal_data = PersonalData(...)`` attribute;
models of other packages (allauth, Django's admin) are declared in ``OTHER_PACKAGES`` below.
``tests/test_personal_data.py`` fails for any model with a link to a user or a personal field
that has no declaration. A model whose fields only look personal (a venue's address) says why
in a ``not_personal_data`` string instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

Erasure = Literal["delete", "anonymise", "end_session"]


@dataclass(frozen=True)
class PersonalData:
    """What a model holds about a person and what happens to it.

    fields: the personal fields, exported as they are.
    erasure: "delete" the rows, "anonymise" them (the model's ``anonymise()`` method), or
        "end_session" (``end()``: log the session out, then delete the row).
    retention: how long the data is kept, in words shown to the person.
    owner: the lookup from the model to the user it is about.
    records: for data about a person reached other than by ``owner`` (overrides it).
    """

    fields: list[str]
    erasure: Erasure
    retention: Any
    owner: str = "user"
    records: Callable[[Any], models.QuerySet] | None = field(default=None, compare=False)

    def records_of(self, model: type[models.Model], user) -> models.QuerySet:
        if self.records is not None:
            return self.records(user)
        if self.owner == "self":
            return model._default_manager.filter(pk=user.pk)
        return model._default_manager.filter(**{self.owner: user})


def _admin_log_entries(user) -> models.QuerySet:
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    about_user = Q(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk))
    return LogEntry.objects.filter(Q(user=user) | about_user)


# Models of the packages Agora builds on, declared here because their code is not ours.
OTHER_PACKAGES: dict[str, PersonalData] = {
    "account.EmailAddress": PersonalData(
        fields=["email", "verified", "primary"],
        erasure="delete",
        retention=_("As long as the account exists."),
    ),
    "mfa.Authenticator": PersonalData(
        fields=["type", "created_at", "last_used_at"],
        erasure="delete",
        retention=_("As long as the account exists; the secret itself is never exported."),
    ),
    "usersessions.UserSession": PersonalData(
        fields=["ip", "user_agent", "created_at", "last_seen_at"],
        erasure="end_session",
        retention=_("Until the person logs out or the session expires (two weeks)."),
    ),
    "admin.LogEntry": PersonalData(
        fields=["action_time", "object_repr", "change_message"],
        erasure="delete",
        retention=_("Audit trail of administrators' changes, kept while the account exists."),
        records=_admin_log_entries,
    ),
}


def declaration_of(model: type[models.Model]) -> PersonalData | None:
    own = model.__dict__.get("personal_data")
    if isinstance(own, PersonalData):
        return own
    return OTHER_PACKAGES.get(model._meta.label)


def declared_models() -> Iterator[tuple[type[models.Model], PersonalData]]:
    """Every installed model with a declaration, the user model last (others point to it)."""
    user_model = apps.get_model("accounts", "User")
    found = [(m, d) for m in apps.get_models() if (d := declaration_of(m)) is not None]
    found.sort(key=lambda pair: pair[0] is user_model)
    yield from found


def _exportable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def export_records(user) -> dict[str, Any]:
    """Everything Agora holds about ``user``, by model, as JSON-ready values."""
    export: dict[str, Any] = {}
    for model, declaration in declared_models():
        rows = [
            {name: _exportable(getattr(record, name)) for name in declaration.fields}
            for record in declaration.records_of(model, user)
        ]
        if rows:
            export[model._meta.label] = {
                "description": str(model._meta.verbose_name_plural),
                "retention": str(declaration.retention),
                "labels": [_label(model, name) for name in declaration.fields],
                "records": rows,
            }
    return export


def erase_records(user) -> None:
    """Delete or anonymise every declared record about ``user``. Call inside a transaction."""
    for model, declaration in declared_models():
        records = declaration.records_of(model, user)
        if declaration.erasure == "delete":
            records.delete()
        else:
            method = "anonymise" if declaration.erasure == "anonymise" else "end"
            for record in records:
                getattr(record, method)()
