"""Customer writes: registration and profile edits."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from .models import Profile


def customer_register(
    *, username: str, email: str, password: str, first_name: str = "", last_name: str = "",
    addr: str = "", phone_no: str = "",
) -> AbstractUser:
    """Create a customer login and its profile in one transaction."""
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.create_user(
            username=username, email=email, password=password,
            first_name=first_name, last_name=last_name,
        )
        Profile.objects.create(user=user, addr=addr, phone_no=phone_no)
    return user


def customer_update_profile(*, user: AbstractUser, **changes: str) -> AbstractUser:
    """Update the editable fields of a customer: names, email, phone, address, newsletter flag."""
    user_fields = {"first_name", "last_name", "email"}
    profile_fields = {"phone_no", "addr", "newsletter_yn"}
    unknown = set(changes) - user_fields - profile_fields
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        profile, _ = Profile.objects.get_or_create(user=user)
        for name, value in changes.items():
            setattr(user if name in user_fields else profile, name, value)
        user.save()
        profile.save()
    return user
