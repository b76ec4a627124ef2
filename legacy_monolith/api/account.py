"""The customer's own account: GET and PATCH /api/account/."""

from typing import Any

from django.contrib.auth.models import AbstractUser
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from legacy_monolith.accounts.models import Profile
from legacy_monolith.accounts.services import customer_update_profile

from .auth import customer_of
from .formats import StrictInputSerializer, YesNoField, legacy_datetime
from .parsers import LegacyJSONParser


class AccountOut(serializers.BaseSerializer):
    def to_representation(self, user: AbstractUser) -> dict[str, Any]:
        # Logins made with `createsuperuser` have no profile row yet: show its blank defaults.
        profile = Profile.objects.filter(user_id=user.pk).first() or Profile(user_id=user.pk)
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
        return Response(AccountOut(customer_of(request)).data)

    def patch(self, request: Request) -> Response:
        changes = AccountPatchIn(data=request.data)
        changes.is_valid(raise_exception=True)
        customer = customer_of(request)
        customer_update_profile(user=customer, **changes.validated_data)
        return Response(AccountOut(customer).data)
