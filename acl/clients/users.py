"""Client of the users service (`/api/v1/customers/`, `/me/`, `/credentials/check/`).

Customers come back as clean dicts (acl/README.md, Customer): UUID `id`, `legacy_id`, structured
`address`, `newsletter` and `active` booleans, UTC times. Calls made *for* a logged-in customer
pass their legacy user id and are signed as that customer; the rest as the monolith.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import ServiceClient, customer_identity
from .errors import ServiceAuthError


class UsersClient(ServiceClient):
    service = "users"

    def me(self, *, user_id: int) -> dict[str, Any]:
        """The customer whose legacy user id is `user_id`, read as that customer."""
        return self._call(
            "GET", "/api/v1/me/", identity=customer_identity(user_id), idempotent=True
        )

    def update_me(self, *, user_id: int, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change the logged-in customer's profile (clean field names); sent once, not retried.

        Raises ValidationFailed (bad field values) or Conflict (e.g. the email is taken), both
        with `errors` per field.
        """
        return self._call(
            "PATCH",
            "/api/v1/me/",
            body=dict(changes),
            identity=customer_identity(user_id),
            idempotent=False,
        )

    def customer(self, *, customer_id: str) -> dict[str, Any]:
        """One customer by UUID (as the monolith: the answer includes `password_hash`)."""
        return self._call("GET", f"/api/v1/customers/{customer_id}/", idempotent=True)

    def customer_by_legacy_id(self, *, legacy_id: int) -> dict[str, Any] | None:
        return self._first("/api/v1/customers/", params={"legacy_id": legacy_id})

    def create_customer(
        self, *, customer: Mapping[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        """Create a customer (plain `password` or a migrated `password_hash`). Retries reuse the
        key, so a retried create never makes a second customer."""
        return self._call(
            "POST",
            "/api/v1/customers/",
            body=dict(customer),
            idempotency_key=idempotency_key,
            idempotent=True,
        )

    def check_credentials(self, *, username: str, password: str) -> dict[str, Any] | None:
        """The active customer with this username and password, or None. Changes nothing, so it
        is retried like a read."""
        try:
            return self._call(
                "POST",
                "/api/v1/credentials/check/",
                body={"username": username, "password": password},
                idempotent=True,
            )
        except ServiceAuthError as error:
            if error.code == "invalid-credentials":
                return None
            raise
