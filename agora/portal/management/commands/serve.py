import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Agora with an ASGI server (HTTP and WebSocket)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=1, help="Number of server processes (default 1)."
        )

    def handle(self, *args, host: str, port: int, workers: int, **options):
        self.stdout.write(f"Agora is at http://{host}:{port}/  (Ctrl+C stops it)")
        uvicorn.run(
            "agora.asgi:application",
            host=host,
            port=port,
            workers=workers,
            proxy_headers=not settings.DEBUG,
            forwarded_allow_ips="*" if not settings.DEBUG else None,
            log_level="info" if settings.DEBUG else "warning",
            lifespan="off",
        )
