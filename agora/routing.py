"""WebSocket routes of every app, gathered in one place as urls.py does for HTTP."""

from django.urls import path

from agora.live.consumers import ParticipantConsumer, ScreenConsumer
from agora.portal.consumers import PingConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    path("ws/live/join/<str:code>/", ParticipantConsumer.as_asgi()),
    path("ws/live/screen/<int:room>/", ScreenConsumer.as_asgi()),
]
