"""The customer's own account: GET and PATCH /api/account/."""

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from legacy_monolith import ports
from legacy_monolith.ports.customers import Account, AccountMissing, AccountRejected

from .auth import customer_of
from .formats import StrictInputSerializer, YesNoField, legacy_datetime
from .parsers import LegacyJSONParser


class AccountOut(serializers.BaseSerializer):
    def to_representation(self, account: Account) -> dict[str, Any]:
        user, profile = account.user, account.profile
        return {
            "cust_id": user.pk,
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "phone_no": profile.phone_no,
            "addr": profile.addr,
            "newsletter": profile.newsletter_yn,
            "modified_dt": legacy_datetime(profile.modified_dt),
        }


class AccountPatchIn(StrictInputSerializer):
    read_only_keys = frozenset({"cust_id", "username", "modified_dt"})

    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone_no = serializers.CharField(max_length=32, required=False, allow_blank=True)
    addr = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    newsletter = YesNoField(source="newsletter_yn", required=False)


class AccountApi(APIView):
    parser_classes = [LegacyJSONParser]
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        try:
            account = ports.customers().account_get(user=customer_of(request))
        except AccountMissing as exc:
            raise NotFound(str(exc)) from None
        return Response(AccountOut(account).data)

    def patch(self, request: Request) -> Response:
        changes = AccountPatchIn(data=request.data)
        changes.is_valid(raise_exception=True)
        try:
            account = ports.customers().account_update(
                user=customer_of(request), **changes.validated_data
            )
        except AccountMissing as exc:
            raise NotFound(str(exc)) from None
        except AccountRejected as exc:
            # The API calls the newsletter flag `newsletter`, as in its bodies.
            raise ValidationError(
                {API_NAMES.get(name, name): msgs for name, msgs in exc.errors.items()}
            ) from exc
        return Response(AccountOut(account).data)


API_NAMES = {"newsletter_yn": "newsletter", "": "non_field_errors"}
