#!/usr/bin/env python
"""Django's command-line utility for the legacy shop."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # The repository root replaces this script's folder, whose celery.py would shadow Celery.
    sys.path[0] = str(Path(__file__).resolve().parents[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legacy_monolith.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
