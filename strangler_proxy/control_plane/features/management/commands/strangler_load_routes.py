"""`manage.py strangler_load_routes FILE`: create or update features and their routes from JSON.

Stages of existing features are kept (they only move through audited stage changes); a new
feature starts at legacy. The file has the route-table document's shape (see README).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from strangler_proxy.data_plane.routing import RouteTableError, build_table

from ...models import Feature, Route

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "shop_routes.json"


class Command(BaseCommand):
    help = "Create or update features and routes from a route-table JSON file"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args: object, file: str, **options: object) -> None:
        try:
            document = json.loads(Path(file).read_text())
            build_table(document)  # the same validation the proxy applies
        except (OSError, ValueError, RouteTableError) as exc:
            raise CommandError(f"{file}: {exc}") from exc
        with transaction.atomic():
            for raw in document.get("features", []):
                feature, created = Feature.objects.get_or_create(
                    name=raw["name"], defaults={"backend": raw["backend"]}
                )
                feature.backend = raw["backend"]
                feature.normaliser = raw.get("normaliser") or ""
                feature.noise_fields = raw.get("noise_fields") or []
                feature.save()
                feature.routes.all().delete()
                for position, route in enumerate(raw.get("routes", [])):
                    Route.objects.create(
                        feature=feature,
                        position=position,
                        pattern=route["pattern"],
                        methods=",".join(route.get("methods") or []),
                        new_path=route.get("new_path") or "",
                        translator=route.get("translator") or "",
                        timeout=route.get("timeout", 10.0),
                        retries=route.get("retries", 1),
                        fallback=route.get("fallback", True),
                    )
                verb = "created" if created else "updated"
                self.stdout.write(f"{verb} {feature.name}: {len(raw.get('routes', []))} routes")
