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

LEGACY = "legacy_monolith.settings.base"
CONTROL_PLANE = "strangler_proxy.control_plane.settings.base"

# The Django projects that publish and consume events: (label, settings module).
MESSAGING_PROJECTS = [
    ("legacy shop", LEGACY),
    ("users service", "extracted_services.users.settings.base"),
    ("products service", "extracted_services.products.settings.base"),
    ("orders service", "extracted_services.orders.settings.base"),
]
FEATURES = ["users", "products", "orders"]


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
    for label, settings_module in MESSAGING_PROJECTS:
        print(f"==> migrating the {label}")
        manage(settings_module, "migrate", "--no-input", "-v", "0")
        manage(settings_module, "messaging_topology", "-v", "0")
    print("==> migrating the control plane and loading the shop's routes")
    manage(CONTROL_PLANE, "migrate", "--no-input", "-v", "0")
    manage(CONTROL_PLANE, "strangler_load_routes")
    print("==> collecting static files")
    manage(LEGACY, "collectstatic", "--no-input", "-v", "0")
    manage(CONTROL_PLANE, "collectstatic", "--no-input", "-v", "0")
    print("==> seeding demo data (only into an empty shop)")
    if shop_is_empty():
        manage(LEGACY, "seed")
    else:
        print("    the shop already has data: kept as it is (`make clean-var` starts afresh)")
    print("==> backfilling the services from the shop (resumes; rows already there are skipped)")
    for feature in FEATURES:
        strangler("backfill", feature, "--no-progress")
    _ensure_staff()


def strangler(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    subprocess.run([sys.executable, "-m", "strangler_cli.main", *args], env=env, check=True)


def _ensure_staff() -> None:
    password = staff_password()
    for settings_module in (LEGACY, CONTROL_PLANE):
        _ensure_staff_in(settings_module, password)
    _print_urls(password)


def _ensure_staff_in(settings_module: str, password: str) -> None:
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
    manage(settings_module, "shell", "-v", "0", "-c", code)


def _print_urls(password: str) -> None:
    print(
        "\n"
        "  Everything through the strangler proxy on http://127.0.0.1:8000/\n"
        "  Storefront   http://127.0.0.1:8000/\n"
        "  Legacy API   http://127.0.0.1:8000/api/products/\n"
        "  Admin        http://127.0.0.1:8000/admin/\n"
        "  Migration    http://127.0.0.1:8000/_strangler/\n"
        "  Direct       shop :8001  control plane :8002  users :8011  products :8012  orders :8013\n"
        f"  Staff login  {STAFF_USERNAME} / {password}   (shop admin and control plane)\n"
        f"  CLI          STRANGLER_USER={STAFF_USERNAME} STRANGLER_PASSWORD={password} "
        ".venv/bin/strangler status\n"
        "  Customers    any seeded customer, password demo-customer-pass\n"
        "\n  Ctrl-C stops everything.\n"
    )


if __name__ == "__main__":
    main()
