"""docker-compose.yml cannot run here (no Docker engine), so its wiring is checked statically."""

import re
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PROCFILE = (REPO_ROOT / "Procfile").read_text()
APP_SERVICES = {
    name: service for name, service in SERVICES.items() if service.get("working_dir") == "/app"
}


def test_every_dependency_names_a_defined_service():
    for name, service in SERVICES.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, f"{name} depends on undefined service {dependency}"


def test_only_the_proxy_is_published_and_only_on_loopback():
    published = {
        name: service["ports"] for name, service in APP_SERVICES.items() if "ports" in service
    }
    assert published == {"proxy": ["127.0.0.1:8000:8000"]}
    for service in SERVICES.values():
        for mapping in service.get("ports", []):
            assert mapping.startswith("127.0.0.1:"), (
                f"{mapping} would be reachable from the network"
            )


def test_every_demo_process_runs_in_the_real_stack():
    demo_processes = {line.split(":", 1)[0] for line in PROCFILE.splitlines() if line.strip()}
    missing = demo_processes - set(SERVICES)
    assert not missing, f"Procfile processes missing from docker-compose.yml: {sorted(missing)}"


def test_app_processes_use_production_settings_and_the_real_stack():
    for name, service in APP_SERVICES.items():
        env = service["environment"]
        if name not in {"setup", "proxy"}:
            assert env["DJANGO_SETTINGS_MODULE"].endswith("settings.production"), name
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["BROKER_URL"].startswith("amqp://")
        for secret in ("DJANGO_SECRET_KEY", "SERVICE_TOKEN_SECRET"):
            assert "?" in env[secret], f"{secret} must be required from the environment"


def test_each_service_has_its_own_database():
    env = SERVICES["monolith"]["environment"]
    urls = [
        env[key]
        for key in (
            "DATABASE_URL",
            "USERS_DATABASE_URL",
            "PRODUCTS_DATABASE_URL",
            "ORDERS_DATABASE_URL",
            "CONTROL_PLANE_DATABASE_URL",
        )
    ]
    names = [url.rsplit("/", 1)[1] for url in urls]
    assert len(set(names)) == len(names)
    created = re.findall(
        r"CREATE DATABASE (\w+);", (REPO_ROOT / ".ci/compose-databases.sql").read_text()
    )
    assert set(names) == set(created) | {SERVICES["postgres"]["environment"]["POSTGRES_DB"]}
