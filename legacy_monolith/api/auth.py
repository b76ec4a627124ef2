"""Login tokens and the caller's identity: POST/DELETE /api/auth/token/, GET/POST /api/whoami/."""

from django.contrib.auth import logout
from django.contrib.auth.models import AbstractUser, AnonymousUser
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .errors import InvalidCredentials
from .formats import StrictInputSerializer
from .parsers import LegacyJSONParser
from .services import token_issue, token_revoke


class CredentialsIn(StrictInputSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenApi(APIView):
    """POST logs in (username + password → token); DELETE logs out and revokes the token."""

    parser_classes = [LegacyJSONParser]

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    def post(self, request: Request) -> Response:
        credentials = CredentialsIn(data=request.data)
        credentials.is_valid(raise_exception=True)
        token = token_issue(request=request._request, **credentials.validated_data)
        if token is None:
            raise InvalidCredentials("Unknown username or wrong password")
        return Response({"token": token.key})

    def delete(self, request: Request) -> Response:
        token_revoke(user=customer_of(request))
        if isinstance(request.successful_authenticator, SessionAuthentication):
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WhoAmIApi(APIView):
    """The caller's identity, for the strangler proxy to resolve a token or session cookie.

    Kept cheap on purpose: it reads only what authentication already loaded (one query for a
    token, two for a session) and tells caches in between not to keep the answer.
    """

    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return self._identity(request)

    def post(self, request: Request) -> Response:
        """The same answer for an unsafe request: a session caller is CSRF-checked first (as on
        every unsafe request to this API), so the proxy can have a write's CSRF token judged
        here before a service performs it. Nothing is read from the body or changed."""
        return self._identity(request)

    def _identity(self, request: Request) -> Response:
        user = request.user
        response = Response(
            {"user_id": user.pk, "username": user.get_username(), "is_staff": user.is_staff}
        )
        response["Cache-Control"] = "private, no-store"
        return response


def customer_of(request: Request) -> AbstractUser:
    """The logged-in user of a request; views call it behind IsAuthenticated."""
    user = request.user
    if isinstance(user, AnonymousUser):
        raise NotAuthenticated()
    return user
