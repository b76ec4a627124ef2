"""The customers port served by the users service, as the shop's own objects."""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, User

from acl.address import parse_blob
from acl.clients.errors import Conflict, NotFound, ValidationFailed, flatten_errors
from acl.clients.users import UsersClient
from acl.flags import yn_to_bool
from legacy_monolith.accounts.services import PROFILE_FIELDS, USER_FIELDS

from ..customers import Account, AccountMissing, AccountPending, AccountRejected
from .copies import account_copy

# Clean names of the editable fields, and back for the errors the service names.
CLEAN_NAMES = {
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "phone_no": "phone",
    "addr": "address",
    "newsletter_yn": "newsletter",
}
LEGACY_NAMES = {clean: legacy for legacy, clean in CLEAN_NAMES.items()}
REGISTRATION_NAMES = {**CLEAN_NAMES, "username": "username", "password": "password"}


class ServiceCustomers:
    """Reads and changes the logged-in customer's account as that customer (`/me`).

    Registration creates the customer in the users service; the customer can log in to the shop
    once reverse sync has given them a shop account, which is waited for up to `wait_s`.
    """

    def __init__(self, *, users: UsersClient, wait_s: float = 3.0, poll_s: float = 0.2):
        self.client = users
        self.wait_s = wait_s
        self.poll_s = poll_s

    def account_get(self, *, user: AbstractUser) -> Account:
        try:
            customer = self.client.me(user_id=user.pk)
        except NotFound:
            raise AccountMissing(f"{user.get_username()} has no customer account") from None
        return self._account(customer)

    def account_update(self, *, user: AbstractUser, **changes: str) -> Account:
        unknown = set(changes) - USER_FIELDS - PROFILE_FIELDS
        if unknown:
            raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
        clean = {CLEAN_NAMES[name]: _clean_value(name, value) for name, value in changes.items()}
        try:
            customer = self.client.update_me(user_id=user.pk, changes=clean)
        except (ValidationFailed, Conflict) as exc:
            raise AccountRejected(_legacy_errors(exc)) from exc
        except NotFound:
            raise AccountMissing(f"{user.get_username()} has no customer account") from None
        return self._account(customer)

    def register(self, **data: str) -> User:
        clean = {
            REGISTRATION_NAMES[name]: _clean_value(name, value)
            for name, value in data.items()
            if name in REGISTRATION_NAMES
        }
        try:
            customer = self.client.create_customer(
                customer=clean, idempotency_key=f"register-{uuid.uuid4()}"
            )
        except (ValidationFailed, Conflict) as exc:
            raise AccountRejected(_legacy_errors(exc)) from exc
        deadline = time.monotonic() + self.wait_s
        while customer.get("legacy_id") is None and time.monotonic() < deadline:
            time.sleep(self.poll_s)
            customer = self.client.customer(customer_id=customer["id"])
        legacy_id = customer.get("legacy_id")
        user = get_user_model().objects.filter(pk=legacy_id).first() if legacy_id else None
        if user is None:
            raise AccountPending(customer["username"])
        return user

    def password_change(self, *, user: AbstractUser, current: str, new: str) -> None:
        try:
            self.client.update_me(
                user_id=user.pk, changes={"password": new, "current_password": current}
            )
        except (ValidationFailed, Conflict) as exc:
            raise AccountRejected(_legacy_errors(exc)) from exc

    def _account(self, customer: dict[str, Any]) -> Account:
        copy = account_copy(customer)
        if copy is None:
            raise AccountMissing(f"customer {customer.get('id')} has no shop account yet")
        user, profile = copy
        return Account(user=user, profile=profile)


def _clean_value(name: str, value: str) -> Any:
    if name == "addr":
        return parse_blob(value)
    if name == "newsletter_yn":
        return yn_to_bool(value)
    return value


def _legacy_errors(exc: ValidationFailed | Conflict) -> dict[str, list[str]]:
    """The service's per-field errors under the shop's field names ("" for the whole form)."""
    errors: dict[str, list[str]] = {}
    for path, messages in flatten_errors(exc.body.get("errors")).items():
        top = path.split(".")[0]
        errors.setdefault(LEGACY_NAMES.get(top, top), []).extend(messages)
    return errors or {"": [exc.detail]}
