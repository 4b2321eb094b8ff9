"""Sign-up, log-in, throttling, two-factor rule and the profile."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from agora.accounts.models import User
from tests.factories import PASSWORD, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, email="new.person@example.org", password="a-fresh-pass-2026"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password},
    )


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_sends_a_verification_link_and_blocks_log_in_until_it_is_followed(client):
    sign_up(client)
    assert User.objects.filter(email="new.person@example.org").exists()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    client.logout()
    response = log_in(client, "new.person@example.org", "a-fresh-pass-2026")
    assert response.url == reverse("account_email_verification_sent")

    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    client.post(path)
    response = log_in(client, "new.person@example.org", "a-fresh-pass-2026")
    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_sign_up_keeps_what_was_typed_when_the_passwords_differ(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "typed@example.org", "password1": "a-fresh-pass-2026", "password2": "other"},
    )
    assert response.status_code == 200
    assert b'value="typed@example.org"' in response.content
    assert not User.objects.filter(email="typed@example.org").exists()


def test_sign_up_remembers_the_interface_language(client):
    client.cookies["agora_language"] = "pl"
    sign_up(client, email="polish@example.org")
    assert User.objects.get(email="polish@example.org").preferred_language == "pl"


def test_log_in_accepts_the_email_in_any_case(client, user):
    response = log_in(client, user.email.upper())
    assert response.status_code == 302
    assert response.wsgi_request.user == user


def test_failed_log_ins_are_throttled_even_for_the_right_password_afterwards(client, user):
    for _ in range(5):
        assert log_in(client, user.email, "wrong-password").status_code == 200
    response = log_in(client, user.email)
    assert response.status_code != 302
    assert not response.wsgi_request.user.is_authenticated


def test_organisers_must_set_up_two_factor_before_anything_else(client):
    organiser = OrganiserFactory().user
    client.force_login(organiser)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # Setting up a factor asks for the password again; that page must not loop back.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_platform_admins_must_set_up_two_factor(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/").url == reverse("mfa_activate_totp")


def test_an_organiser_with_totp_gets_through(client):
    organiser = OrganiserFactory().user
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_learners_are_not_forced_into_two_factor(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_profile_saves_name_and_language(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Lena L. Learner", "preferred_language": "da"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Lena L. Learner"
    assert user.preferred_language == "da"
    assert client.get(reverse("accounts:profile")).headers["Content-Language"] == "da"


def test_the_profile_refuses_an_unknown_language_and_keeps_the_name(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Typed name", "preferred_language": "xx"}
    )
    assert response.status_code == 200
    assert b'value="Typed name"' in response.content
    user.refresh_from_db()
    assert user.full_name == "Lena Learner"


@pytest.mark.parametrize("name", ["accounts:profile", "accounts:my_data", "accounts:export"])
def test_account_pages_refuse_anonymous_visitors(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anonymous_visitors_cannot_request_erasure(client):
    response = client.post(reverse("accounts:request_erasure"), {"confirm": "on"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_password_reset_sends_a_link_that_sets_a_new_password(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert mail.outbox[-1].to == [user.email]
    body = mail.outbox[-1].body
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"password1": "another-long-pass-7", "password2": "another-long-pass-7"})
    client.logout()
    assert log_in(client, user.email, "another-long-pass-7").status_code == 302


def test_changing_email_needs_the_new_address_verified(client, user):
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.org"})
    assert mail.outbox[-1].to == ["moved@example.org"]
    user.refresh_from_db()
    assert user.email != "moved@example.org"  # not before it is verified


def test_only_staff_reach_the_admin(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
