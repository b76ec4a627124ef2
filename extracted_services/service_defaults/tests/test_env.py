import pytest
from django.core.exceptions import ImproperlyConfigured

from extracted_services.service_defaults import env
from extracted_services.service_defaults.settings.production import require_env


def test_a_database_url_is_used_when_set(monkeypatch):
    monkeypatch.setenv("SHOP_DB", "postgres://shop@db.internal:5433/users")

    config = env.database_from_env("SHOP_DB", "unused.sqlite3")

    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        5433,
        "users",
    )


def test_without_a_url_the_database_is_a_sqlite_file_under_var(monkeypatch, tmp_path):
    monkeypatch.delenv("SHOP_DB", raising=False)
    monkeypatch.setattr(env, "VAR_DIR", tmp_path)

    config = env.database_from_env("SHOP_DB", "users.sqlite3")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "users.sqlite3")


def test_the_broker_url_comes_from_celery_then_rabbitmq(monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.delenv("RABBITMQ_URL", raising=False)
    assert env.broker_url_from_env() is None
    monkeypatch.setenv("RABBITMQ_URL", "amqp://rabbit//")
    assert env.broker_url_from_env() == "amqp://rabbit//"
    monkeypatch.setenv("CELERY_BROKER_URL", "filesystem://")
    assert env.broker_url_from_env() == "filesystem://"


def test_a_number_setting_that_is_not_a_number_says_which(monkeypatch):
    monkeypatch.setenv("SERVICE_PAGE_SIZE", "lots")

    with pytest.raises(ValueError, match="SERVICE_PAGE_SIZE must be a whole number"):
        env.env_int("SERVICE_PAGE_SIZE", 20)


def test_production_names_every_missing_variable(monkeypatch):
    monkeypatch.delenv("A_SECRET", raising=False)
    monkeypatch.delenv("A_DATABASE_URL", raising=False)

    with pytest.raises(ImproperlyConfigured, match="set A_SECRET, A_DATABASE_URL"):
        require_env("A_SECRET", "A_DATABASE_URL")
