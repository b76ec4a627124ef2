"""The HTTP machinery every service client shares: one `requests.Session` per client, connect
and read timeouts, retries with exponential backoff for idempotent calls only (tenacity), a
freshly signed identity token on every try, and problem+json answers raised as typed errors."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests
from tenacity import (
    Retrying,
    before_sleep_log,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from extracted_services.service_defaults.identity import Identity, bearer_header

from .config import ClientConfig
from .errors import (
    Conflict,
    InsufficientStock,
    NotFound,
    PermissionDenied,
    ServiceAuthError,
    ServiceError,
    ServiceUnavailable,
    UnexpectedResponse,
    ValidationFailed,
)

logger = logging.getLogger("acl.clients")

# The monolith calls as itself unless it acts for a logged-in customer.
MONOLITH = Identity(kind="service", subject="legacy_monolith", username="legacy_monolith")
IDEMPOTENCY_HEADER = "Idempotency-Key"
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
STOCK_CODES = frozenset({"insufficient-stock", "order-rejected"})
MAX_PAGE_SIZE = 100


def customer_identity(user_id: int, *, username: str = "") -> Identity:
    """The identity of a logged-in customer, named by their legacy user id."""
    return Identity(kind="user", subject=str(user_id), username=username)


def acting_as(user_id: int | None) -> Identity:
    """The customer `user_id` when given, else the monolith itself."""
    return MONOLITH if user_id is None else customer_identity(user_id)


@dataclass(frozen=True)
class Page:
    """One page of a list: `count` is the total over all pages; `results` are clean dicts."""

    count: int
    results: list[dict[str, Any]]
    has_next: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class ServiceClient:
    """Base of the per-service clients. Subclasses set `service` and call `_call`."""

    service: ClassVar[str]

    def __init__(
        self,
        config: ClientConfig,
        *,
        session: requests.Session | None = None,
        secret: str | None = None,
    ):
        self.config = config
        self.session = session or requests.Session()
        self._secret = secret

    def close(self) -> None:
        self.session.close()

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        identity: Identity = MONOLITH,
        idempotency_key: str | None = None,
        idempotent: bool,
    ) -> Any:
        """Send one logical call and return its JSON body (None for 204).

        `idempotent` calls (reads, creates carrying an Idempotency-Key, commands the service
        treats as repeatable) are retried on transient failures; others are sent once, since a
        lost answer may hide a write that happened.
        """
        attempts = self.config.attempts if idempotent else 1
        retrying = Retrying(
            retry=retry_if_exception_type(ServiceUnavailable),
            stop=stop_after_attempt(attempts),
            wait=wait_exponential(multiplier=self.config.backoff, max=self.config.max_backoff),
            before_sleep=before_sleep_log(logger, logging.WARNING),
            reraise=True,
        )
        send = self._send_once
        return retrying(send, method, path, params, body, identity, idempotency_key)

    def _send_once(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: Any,
        identity: Identity,
        idempotency_key: str | None,
    ) -> Any:
        url = self.config.base_url.rstrip("/") + path
        headers = {
            "Accept": "application/json",
            **bearer_header(identity, issuer=self.config.issuer, secret=self._secret),
        }
        if idempotency_key is not None:
            headers[IDEMPOTENCY_HEADER] = idempotency_key
        try:
            response = self.session.request(
                method,
                url,
                params=_query(params),
                json=body,
                headers=headers,
                timeout=self.config.timeout,
            )
        except requests.RequestException as exc:
            raise ServiceUnavailable(f"{method} {url} failed: {exc}", service=self.service) from exc
        return self._answer(response, method=method, url=url)

    def _answer(self, response: requests.Response, *, method: str, url: str) -> Any:
        status = response.status_code
        if 200 <= status < 300:
            if status == 204 or not response.content:
                return None
            body = _json(response)
            if body is None:
                raise UnexpectedResponse(
                    f"{method} {url} answered {status} with a body that is not JSON",
                    service=self.service,
                    status=status,
                )
            return body
        raise self._error(response, method=method, url=url)

    def _error(self, response: requests.Response, *, method: str, url: str) -> ServiceError:
        status = response.status_code
        problem = _json(response)
        problem = problem if isinstance(problem, dict) else {}
        code = str(problem.get("type", "")).rstrip("/").rsplit("/", 1)[-1]
        detail = str(problem.get("detail") or problem.get("title") or response.reason or status)
        error_class: Callable[..., ServiceError]
        if status in RETRYABLE_STATUSES:
            error_class = ServiceUnavailable
            detail = f"{method} {url} answered {status}: {detail}"
        elif status == 401:
            error_class = ServiceAuthError
            detail = f"refused our identity token: {detail}; check SERVICE_TOKEN_SECRET"
        elif status == 403:
            error_class = PermissionDenied
        elif status == 404:
            error_class = NotFound
        elif status == 409:
            error_class = InsufficientStock if code in STOCK_CODES else Conflict
        elif status in (400, 422):
            error_class = ValidationFailed
        else:
            error_class = UnexpectedResponse
            detail = f"{method} {url} answered {status}: {detail}"
        return error_class(detail, service=self.service, status=status, code=code, body=problem)

    def _page(
        self,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        page: int = 1,
        page_size: int = MAX_PAGE_SIZE,
        identity: Identity = MONOLITH,
    ) -> Page:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be from 1 to {MAX_PAGE_SIZE}, not {page_size}")
        if page < 1:
            raise ValueError(f"page must be 1 or more, not {page}")
        query = {**(params or {}), "page": page, "page_size": page_size}
        body = self._call("GET", path, params=query, identity=identity, idempotent=True)
        try:
            return Page(
                count=int(body["count"]),
                results=list(body["results"]),
                has_next=bool(body.get("next")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise UnexpectedResponse(
                f"GET {path} answered a list without count/results: {exc}", service=self.service
            ) from exc

    def _all(
        self,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        identity: Identity = MONOLITH,
    ) -> Iterator[dict[str, Any]]:
        """Every item of a list, page after page."""
        page = 1
        while True:
            found = self._page(path, params=params, page=page, identity=identity)
            yield from found.results
            if not found.has_next:
                return
            page += 1

    def _first(
        self, path: str, *, params: Mapping[str, Any], identity: Identity = MONOLITH
    ) -> dict[str, Any] | None:
        found = self._page(path, params=params, page_size=1, identity=identity)
        return found.results[0] if found.results else None


def _query(params: Mapping[str, Any] | None) -> dict[str, str] | None:
    """Query parameters as the services read them: booleans as true/false, None left out."""
    if not params:
        return None
    query = {}
    for name, value in params.items():
        if value is None:
            continue
        query[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return query


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
