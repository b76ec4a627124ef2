"""Writes that belong to the API itself: issuing and revoking login tokens."""

from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from rest_framework.authtoken.models import Token


def token_issue(*, request: HttpRequest, username: str, password: str) -> Token | None:
    """The customer's API token (created on first login), or None for wrong credentials.

    Inactive users get None too: Django's ModelBackend refuses them.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        return None
    token, _ = Token.objects.get_or_create(user=user)
    return token


def token_revoke(*, user: AbstractBaseUser) -> bool:
    """Delete the customer's token, logging out every client that uses it. True if one existed."""
    deleted, _ = Token.objects.filter(user_id=user.pk).delete()
    return deleted > 0
