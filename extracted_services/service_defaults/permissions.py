"""Who may see what: customers see only their own data, staff and services see everything."""

from __future__ import annotations

from collections.abc import Iterable

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from extracted_services.service_defaults.authentication import Caller
from extracted_services.service_defaults.problems import Problem


def caller_of(request: Request) -> Caller | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, Caller) else None


def is_privileged(request: Request) -> bool:
    """Staff members and services see and change every record."""
    caller = caller_of(request)
    return caller is not None and (caller.is_staff or caller.is_service)


def is_owner(request: Request, *, owner_refs: Iterable[object]) -> bool:
    """True when the calling customer is one of `owner_refs` (legacy id or UUID, any type)."""
    caller = caller_of(request)
    if caller is None or caller.is_service:
        return False
    return caller.identity.subject in {str(ref) for ref in owner_refs if ref is not None}


def can_access(request: Request, *, owner_refs: Iterable[object]) -> bool:
    return is_privileged(request) or is_owner(request, owner_refs=owner_refs)


class IsStaffOrService(BasePermission):
    message = "only staff members and services may do this"

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_privileged(request)


class IsService(BasePermission):
    message = "only services may do this"

    def has_permission(self, request: Request, view: APIView) -> bool:
        caller = caller_of(request)
        return caller is not None and caller.is_service


class StaffOrServiceForWrites(BasePermission):
    """Any authenticated caller may read; only staff and services may write."""

    message = "only staff members and services may change this"

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return caller_of(request) is not None
        return is_privileged(request)


class PublicReadsStaffOrServiceWrites(BasePermission):
    """Anyone may read, without a token (the public catalogue); only staff and services write."""

    message = "only staff members and services may change this"

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return is_privileged(request)


def check_fields_allowed(
    request: Request, fields: Iterable[str], *, customer_fields: set[str], staff_fields: set[str]
) -> None:
    """Refuse (403 problem naming each field) what the caller may not set; services set anything."""
    caller = caller_of(request)
    if caller is None or caller.is_service:
        return
    allowed = staff_fields if caller.is_staff else customer_fields
    forbidden = sorted(set(fields) - allowed)
    if forbidden:
        who = "staff members" if caller.is_staff else "customers"
        raise Problem(
            403,
            "field-not-allowed",
            f"{who} may not set {', '.join(forbidden)}",
            errors={field: [f"{who} may not set this field"] for field in forbidden},
        )
