"""Customer API: list and create (staff, services), detail and update, `/me`, credential check."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from extracted_services.service_defaults.idempotency import idempotent
from extracted_services.service_defaults.permissions import (
    IsService,
    IsStaffOrService,
    caller_of,
    can_access,
    check_fields_allowed,
)
from extracted_services.service_defaults.problems import Problem
from extracted_services.users.customers import selectors, services
from extracted_services.users.customers.models import Customer
from extracted_services.users.customers.serializers import (
    CredentialsSerializer,
    CustomerCreateSerializer,
    CustomerFilterSerializer,
    CustomerSerializer,
    CustomerUpdateSerializer,
    ServiceCustomerSerializer,
)

CONFLICT = OpenApiResponse(
    description="`customer-conflict`: the id, legacy id or username is taken"
)
CUSTOMER_FIELDS = {"email", "first_name", "last_name", "phone", "address", "newsletter", "password"}
STAFF_FIELDS = CUSTOMER_FIELDS | {"username", "active"}


def _output(request: Request, customer: Customer) -> dict[str, Any]:
    caller = caller_of(request)
    serializer = ServiceCustomerSerializer if caller and caller.is_service else CustomerSerializer
    return serializer(customer).data


def _check_fields_allowed(request: Request, fields: set[str]) -> None:
    """Customers change their profile, staff also username and active, services everything."""
    check_fields_allowed(
        request,
        fields,
        customer_fields=CUSTOMER_FIELDS | {"current_password"},
        staff_fields=STAFF_FIELDS,
    )


def _check_current_password(request: Request, customer: Customer, data: dict[str, Any]) -> None:
    """A customer changing their own password proves they know the current one."""
    caller = caller_of(request)
    if "password" not in data or caller is None or caller.is_service or caller.is_staff:
        return
    current = data.get("current_password")
    if not current or not check_password(current, customer.password_hash):
        raise Problem(
            400,
            "validation-error",
            "send current_password to change the password",
            title="Invalid request",
            errors={"current_password": ["does not match the current password"]},
        )


def _run_update(request: Request, customer: Customer) -> Response:
    serializer = CustomerUpdateSerializer(data=request.data, partial=True)
    serializer.is_valid(raise_exception=True)
    _check_fields_allowed(request, set(serializer.validated_data))
    _check_current_password(request, customer, serializer.validated_data)
    try:
        customer = services.customer_update(customer=customer, changes=serializer.validated_data)
    except services.CustomerConflict as exc:
        raise Problem(409, "customer-conflict", str(exc), errors=exc.errors) from exc
    except services.PasswordRejected as exc:
        raise Problem(
            400, "validation-error", "the password is too weak", errors={"password": exc.messages}
        ) from exc
    return Response(_output(request, customer))


class CustomerListView(GenericAPIView):
    permission_classes = [IsStaffOrService]
    serializer_class = CustomerSerializer

    @extend_schema(
        parameters=[CustomerFilterSerializer],
        summary="List customers",
        responses=CustomerSerializer(many=True),
        operation_id="customers_list",
    )
    def get(self, request: Request) -> Response:
        filters = CustomerFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(selectors.customer_list(**filters.validated_data))
        assert page is not None  # the service's default pagination is always on
        return self.get_paginated_response([_output(request, customer) for customer in page])

    @extend_schema(
        request=CustomerCreateSerializer,
        responses={201: ServiceCustomerSerializer, 409: CONFLICT},
        summary="Create a customer (Idempotency-Key honoured)",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = CustomerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _check_fields_allowed(request, set(serializer.validated_data))
        try:
            customer = services.customer_create(**serializer.validated_data)
        except services.CustomerConflict as exc:
            raise Problem(409, "customer-conflict", str(exc), errors=exc.errors) from exc
        except services.PasswordRejected as exc:
            raise Problem(
                400,
                "validation-error",
                "the password is too weak",
                errors={"password": exc.messages},
            ) from exc
        location = reverse("customer-detail", kwargs={"id": customer.id}, request=request)
        return Response(_output(request, customer), status=201, headers={"Location": location})


class CustomerDetailView(APIView):
    def _customer(self, request: Request, id: str) -> Customer:
        customer = get_object_or_404(Customer, id=id)
        if not can_access(request, owner_refs=[customer.legacy_id, customer.id]):
            raise Problem(403, "not-your-account", "customers may see only their own account")
        return customer

    @extend_schema(responses=CustomerSerializer, summary="A customer")
    def get(self, request: Request, id: str) -> Response:
        return Response(_output(request, self._customer(request, id)))

    @extend_schema(
        request=CustomerUpdateSerializer,
        responses={200: CustomerSerializer, 409: CONFLICT},
        summary="Change a customer",
    )
    def patch(self, request: Request, id: str) -> Response:
        return _run_update(request, self._customer(request, id))


class MeView(APIView):
    def _me(self, request: Request) -> Customer:
        caller = caller_of(request)
        assert caller is not None  # IsAuthenticated ran first
        if caller.is_service:
            raise Problem(403, "not-a-customer", "a service has no customer account of its own")
        customer = selectors.customer_for_identity(identity=caller.identity)
        if customer is None:
            raise Problem(
                404, "not-found", f"there is no customer account for user {caller.identity.subject}"
            )
        return customer

    @extend_schema(responses=CustomerSerializer, summary="The calling customer")
    def get(self, request: Request) -> Response:
        return Response(_output(request, self._me(request)))

    @extend_schema(
        request=CustomerUpdateSerializer,
        responses={200: CustomerSerializer, 409: CONFLICT},
        summary="Change the calling customer's profile, address or password",
    )
    def patch(self, request: Request) -> Response:
        return _run_update(request, self._me(request))


class CredentialCheckView(APIView):
    permission_classes = [IsService]

    @extend_schema(
        request=CredentialsSerializer,
        responses={
            200: ServiceCustomerSerializer,
            401: OpenApiResponse(description="wrong username or password, or account disabled"),
        },
        summary="Check a username and password for login",
    )
    def post(self, request: Request) -> Response:
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer = selectors.customer_check_credentials(**serializer.validated_data)
        if customer is None:
            raise Problem(
                401,
                "invalid-credentials",
                "the username or password is wrong, or the account is disabled",
            )
        return Response(_output(request, customer))
