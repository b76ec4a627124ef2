"""Prepare the embedded demo: migrate, collect static files, seed once, ensure a staff login.

Run by `make demo` before the process supervisor starts. Safe to run again: it only seeds an
empty shop and keeps the staff password it generated the first time.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = Path(os.environ.get("STRANGLER_VAR_DIR", REPO_ROOT / "var"))
STAFF_USERNAME = "admin"
PASSWORD_FILE = VAR_DIR / "demo-admin-password.txt"

# Every Django project of the demo: (label, manage.py settings module).
PROJECTS = [
    ("legacy shop", "legacy_monolith.settings.base"),
    ("users service", "extracted_services.users.settings.base"),
    ("products service", "extracted_services.products.settings.base"),
    ("orders service", "extracted_services.orders.settings.base"),
]


def manage(settings_module: str, *args: str, check: bool = True) -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "PYTHONPATH": str(REPO_ROOT)}
    command = [sys.executable, "-m", "django", *args]
    return subprocess.run(command, cwd=REPO_ROOT, env=env, check=check).returncode


def shop_is_empty() -> bool:
    code = (
        "import sys; from legacy_monolith.catalogue.models import Product;"
        "sys.exit(3 if Product.objects.exists() else 0)"
    )
    status = manage("legacy_monolith.settings.base", "shell", "-c", code, check=False)
    if status not in (0, 3):
        raise SystemExit("could not read the shop's database: see the error above")
    return status == 0


def staff_password() -> str:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not PASSWORD_FILE.exists():
        PASSWORD_FILE.write_text(secrets.token_urlsafe(12))
        PASSWORD_FILE.chmod(0o600)
    return PASSWORD_FILE.read_text().strip()


def main() -> None:
    for label, settings_module in PROJECTS:
        print(f"==> migrating the {label}")
        manage(settings_module, "migrate", "--no-input", "-v", "0")
        manage(settings_module, "messaging_topology", "-v", "0")
    print("==> collecting static files")
    manage("legacy_monolith.settings.base", "collectstatic", "--no-input", "-v", "0")
    print("==> seeding demo data (only into an empty shop)")
    if shop_is_empty():
        manage("legacy_monolith.settings.base", "seed")
    else:
        print("    the shop already has data: kept as it is (`make clean-var` starts afresh)")
    _ensure_staff()


def _ensure_staff() -> None:
    password = staff_password()
    code = (
        "from django.contrib.auth import get_user_model;"
        "U = get_user_model();"
        # Created as staff at once: a user that is briefly a customer enters the change feed.
        f"u, _ = U.objects.get_or_create(username={STAFF_USERNAME!r}, "
        "defaults={'is_staff': True, 'is_superuser': True});"
        "u.is_staff = u.is_superuser = True;"
        f"u.set_password({password!r});"
        "u.save()"
    )
    manage("legacy_monolith.settings.base", "shell", "-c", code)
    print(
        "\n"
        "  Storefront   http://127.0.0.1:8001/\n"
        "  Legacy API   http://127.0.0.1:8001/api/products/\n"
        "  Admin        http://127.0.0.1:8001/admin/\n"
        "  Services     users http://127.0.0.1:8011/api/v1/schema/  products :8012  orders :8013\n"
        f"  Staff login  {STAFF_USERNAME} / {password}\n"
        "  Customers    any seeded customer, password demo-customer-pass\n"
        "\n  Ctrl-C stops everything.\n"
    )


if __name__ == "__main__":
    main()
