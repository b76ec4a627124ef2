"""Settings modules for provider verification: each provider's test settings plus the state endpoint.

Each module names its provider in `CONTRACTS_PROVIDER` and takes its database from
DATABASE_URL, which the provider stage always sets to that provider's verification database.
"""

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def verification_database() -> dict[str, Any]:
    """The DATABASES entry of the verification database the provider stage names."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise ImproperlyConfigured(
            "DATABASE_URL must name the verification database; run the provider through "
            "`contracts/run.py provider`, which sets it"
        )
    config: dict[str, Any] = dict(dj_database_url.parse(url))
    config["CONN_MAX_AGE"] = 0
    return config
