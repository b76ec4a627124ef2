"""Who an interaction's request is from: a freshly signed identity token, as a state value.

A token recorded in a pact would have expired long before it is replayed, so the consumer
declares its `Authorization` header as `Bearer ${token}` from the provider state, and these
states sign one with the provider's own secret (`SERVICE_TOKEN_SECRET`), for the identity they
name. The provider checks it exactly as it checks any caller's: nothing is switched off.
"""

from typing import Any

from extracted_services.service_defaults.identity import Identity, issue_token

ISSUER = "contracts"


def caller_service(*, service: str) -> dict[str, Any]:
    identity = Identity(kind="service", subject=service, username=service)
    return {"token": issue_token(identity, issuer=ISSUER)}


def caller_customer(*, legacy_id: int) -> dict[str, Any]:
    identity = Identity(kind="user", subject=str(legacy_id))
    return {"token": issue_token(identity, issuer=ISSUER)}


IDENTITY_STATES = {
    "the caller is the service {service}": caller_service,
    "the caller is the customer with legacy id {legacy_id}": caller_customer,
}
