"""docker-compose.yml cannot run here (no Docker engine), so its wiring is checked statically."""

from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_every_dependency_names_a_defined_service():
    for name, service in SERVICES.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, f"{name} depends on undefined service {dependency}"


def test_published_ports_are_the_documented_ones_and_bound_to_loopback():
    documented = {"monolith": 8001}
    for name, port in documented.items():
        assert f"127.0.0.1:{port}:{port}" in SERVICES[name]["ports"]
    for service in SERVICES.values():
        for mapping in service.get("ports", []):
            assert mapping.startswith("127.0.0.1:"), (
                f"{mapping} would be reachable from the network"
            )


def test_app_processes_use_production_settings_and_the_real_stack():
    for name in ("migrate", "monolith"):
        env = SERVICES[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"].endswith("settings.production")
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["RABBITMQ_URL"].startswith("amqp://")
        assert "?" in env["DJANGO_SECRET_KEY"], "the secret must be required from the environment"
