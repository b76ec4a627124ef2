#!/usr/bin/env python
"""Django's command-line utility for the orders service."""

import os
import sys
from pathlib import Path


def main() -> None:
    # The repository root replaces this script's folder, so no module here can shadow a package.
    sys.path[0] = str(Path(__file__).resolve().parents[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "extracted_services.orders.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
