"""Home page, language choice, error pages, WebSockets, tasks and the agora command."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing.websocket import WebsocketCommunicator
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from agora.accounts.models import Membership, Organisation, User
from agora.portal.views import server_error

pytestmark = pytest.mark.django_db


def test_first_visit_follows_the_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pl,en;q=0.5")
    assert response.headers["Content-Language"] == "pl"
    assert b'<html lang="pl"' in response.content


def test_an_unsupported_browser_language_falls_back_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert b'<html lang="en"' in response.content


def test_switching_language_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post(reverse("portal:set_language"), {"language": "da", "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert response.cookies["agora_language"].value == "da"
    assert b'<html lang="da"' in client.get("/").content


def test_the_choice_sticks_to_a_logged_in_account(client, user):
    client.force_login(user)
    client.post(reverse("portal:set_language"), {"language": "fr", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "fr"
    other_device = type(client)()
    other_device.force_login(user)
    assert b'<html lang="fr"' in other_device.get("/", HTTP_ACCEPT_LANGUAGE="da").content


def test_an_unknown_language_is_ignored(client, user):
    client.force_login(user)
    client.post(reverse("portal:set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == ""


def test_switching_language_refuses_a_redirect_to_another_site(client):
    response = client.post(
        reverse("portal:set_language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_every_page_offers_the_language_switcher_and_a_skip_link(client):
    content = client.get("/").content.decode()
    assert 'href="#main"' in content
    assert 'name="language"' in content
    for code in ("en", "fr", "da", "pl"):
        assert f'value="{code}"' in content


def test_the_404_page_is_designed_and_translated(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert b'<html lang="fr"' in response.content
    assert b'href="#main"' in response.content


def test_the_500_page_renders_without_a_database(rf: RequestFactory):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"<h1>" in response.content


def test_health_answers(client):
    assert client.get(reverse("portal:health")).json() == {"status": "ok"}


def test_websockets_are_served():
    from agora.asgi import application

    async def ping():
        headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
        communicator = WebsocketCommunicator(application, "/ws/ping/", headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        await communicator.send_json_to({"type": "ping"})
        answer = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return answer

    assert async_to_sync(ping)() == {"type": "pong"}


def test_the_demo_can_be_loaded_twice_without_duplicates(capsys):
    call_command("demo", no_serve=True)
    def counts():
        return User.objects.count(), Organisation.objects.count(), Membership.objects.count()

    before = counts()
    call_command("demo", no_serve=True)
    assert counts() == before
    out = capsys.readouterr().out
    for role in ("platform admin", "organiser", "facilitator", "mentor", "learner"):
        assert role in out
    assert "agora-demo-2026" in out


def test_demo_accounts_can_log_in(client):
    call_command("demo", no_serve=True)
    response = client.post(
        reverse("account_login"), {"login": "learner@agora.example", "password": "agora-demo-2026"}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user.email == "learner@agora.example"
