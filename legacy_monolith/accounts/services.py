"""Customer writes: registration and profile edits."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, User
from django.db import transaction

from legacy_monolith.flags import YesNo

from .models import Profile

USER_FIELDS = frozenset({"first_name", "last_name", "email"})
PROFILE_FIELDS = frozenset({"phone_no", "addr", "newsletter_yn"})


def customer_register(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    addr: str = "",
    phone_no: str = "",
) -> User:
    """Create a customer login and its profile in one transaction."""
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.create_user(
            username=username,
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
        )
        Profile.objects.create(user=user, addr=addr, phone_no=phone_no)
    return user


def customer_update_profile(*, user: AbstractUser, **changes: str) -> AbstractUser:
    """Update the editable fields of a customer: names, email, phone, address, newsletter flag.

    Raises ValueError for a field that is not editable or a newsletter flag other than Y/N.
    """
    unknown = set(changes) - USER_FIELDS - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if "newsletter_yn" in changes and changes["newsletter_yn"] not in YesNo.values:
        raise ValueError(f"newsletter_yn must be Y or N, not {changes['newsletter_yn']!r}")
    with transaction.atomic():
        profile, _ = Profile.objects.get_or_create(user=user)
        for name, value in changes.items():
            setattr(user if name in USER_FIELDS else profile, name, value)
        user.save()
        profile.save()
    return user
