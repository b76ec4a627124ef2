"""The customers port: the logged-in customer's account, its changes, registration, password.

`Account` holds the shop's own `User` and `Profile` objects (from the tables, or detached copies
translated from the users service). Changes use the legacy column names, as
`accounts.services.customer_update_profile` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.models import AbstractUser, User

from legacy_monolith.accounts.models import Profile
from legacy_monolith.accounts.services import customer_register, customer_update_profile


@dataclass(frozen=True)
class Account:
    user: AbstractUser
    profile: Profile


class AccountMissing(LookupError):
    """The login has no customer account (e.g. a staff member); the message says so."""


class AccountRejected(ValueError):
    """The owner refused the change; `errors` maps legacy field names to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items()))


class AccountPending(Exception):
    """The account was created but is not yet in the shop's tables; the customer logs in soon."""


class CustomersPort(Protocol):
    def account_get(self, *, user: AbstractUser) -> Account: ...

    def account_update(self, *, user: AbstractUser, **changes: str) -> Account:
        """Change names, email, phone_no, addr, newsletter_yn. ValueError for a field that is
        not editable; AccountRejected with per-field errors when the owner refuses a value."""
        ...

    def register(self, **data: str) -> User:
        """A new customer (the fields of `RegistrationForm.registration_data`), ready to log in;
        AccountPending when it cannot log in yet."""
        ...

    def password_change(self, *, user: AbstractUser, current: str, new: str) -> None:
        """Set a new password (the current one already checked by the form)."""
        ...


class LegacyCustomers:
    """Customers in the shop's own tables, through its services."""

    def account_get(self, *, user: AbstractUser) -> Account:
        # Logins made with `createsuperuser` have no profile row yet: show its blank defaults.
        profile = Profile.objects.filter(user_id=user.pk).first() or Profile(user_id=user.pk)
        return Account(user=user, profile=profile)

    def account_update(self, *, user: AbstractUser, **changes: str) -> Account:
        customer_update_profile(user=user, **changes)
        return self.account_get(user=user)

    def register(self, **data: str) -> User:
        return customer_register(**data)

    def password_change(self, *, user: AbstractUser, current: str, new: str) -> None:
        user.set_password(new)
        user.save(update_fields=["password"])
