"""The monolith's service clients (`acl.clients`) pointed at a Pact mock server.

The clients are the monolith's own, unchanged; the session they are given remembers who each
request was signed as, so a consumer test can check the identity the client sends, which a
pact can only describe by its shape.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import requests

from acl.clients import ClientConfig
from acl.clients.base import ServiceClient
from extracted_services.service_defaults.identity import Identity, InvalidIdentity, verify_token

Client = TypeVar("Client", bound=ServiceClient)


class SignedSession(requests.Session):
    """A session that records the verified identity of every request it sends (None for a
    token this process cannot verify)."""

    def __init__(self) -> None:
        super().__init__()
        self.identities: list[Identity | None] = []

    def send(self, request: requests.PreparedRequest, **kwargs):  # type: ignore[override]
        scheme, _, token = str(request.headers.get("Authorization", "")).partition(" ")
        if scheme == "Bearer":
            try:
                self.identities.append(verify_token(token))
            except InvalidIdentity:
                self.identities.append(None)
        return super().send(request, **kwargs)

    @property
    def identity(self) -> Identity | None:
        """The identity of the last request (the one a single-call test made)."""
        return self.identities[-1]


@contextmanager
def client_for(client_class: type[Client], url: object) -> Iterator[tuple[Client, SignedSession]]:
    """A `client_class` calling `url` once per call (no retries), and the session it uses."""
    session = SignedSession()
    client = client_class(ClientConfig(base_url=str(url), attempts=1), session=session)
    try:
        yield client, session
    finally:
        client.close()
