"""`manage.py messaging_catalogue`: the registered event types with owner and schema."""

import json

from django.core.management.base import BaseCommand

from messaging.event_types import all_event_types


class Command(BaseCommand):
    help = "Print every registered event type (type, version, owner, payload schema)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["markdown", "json"], default="markdown")

    def handle(self, *args, **options):
        types = all_event_types()
        if options["format"] == "json":
            rows = [
                {
                    "type": t.name,
                    "version": t.version,
                    "aggregate": t.aggregate,
                    "owner": t.owner,
                    "description": t.description,
                    "schema": t.schema,
                }
                for t in types
            ]
            self.stdout.write(json.dumps(rows, indent=2))
            return
        self.stdout.write("| type | version | aggregate (subject) | owner | payload |")
        self.stdout.write("|---|---|---|---|---|")
        for t in types:
            fields = ", ".join(
                f"`{name}`{'' if name in t.schema.get('required', []) else '?'}"
                for name in t.schema.get("properties", {})
            )
            self.stdout.write(
                f"| `{t.name}` | {t.version} | {t.aggregate} | {t.owner} | {fields} |"
            )
