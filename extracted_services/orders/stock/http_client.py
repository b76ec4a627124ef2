"""The products service's reservation API over HTTP, with timeouts and retries (tenacity).

Every call is idempotent on the products side (keyed by the order id), so a call whose answer
was lost can simply be sent again. Connection errors, timeouts, 5xx and 429 are retried a few
times quickly and then reported as `StockServiceUnavailable`, which the saga retries later; a
4xx answer is the products service saying no (`StockRejected`), or a bug on our side.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import requests
from tenacity import (
    before_sleep_log,
    retry,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from extracted_services.orders.conf import orders_setting
from extracted_services.service_defaults.identity import Identity, bearer_header

from .port import Shortage, StockLine, StockRejected, StockServiceUnavailable

logger = logging.getLogger(__name__)

SERVICE_IDENTITY = Identity(kind="service", subject="orders", username="orders")
RETRYABLE_STATUSES = {429, 500, 502, 503, 504}


class HttpStockReservations:
    """`StockReservations` against the products service's `/api/v1/reservations/` and, for
    orders placed in the legacy shop, its stock adjustments (with an `Idempotency-Key`)."""

    def __init__(
        self,
        *,
        base_url: str,
        timeout: float,
        attempts: int,
        session: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.attempts = attempts
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls) -> HttpStockReservations:
        return cls(
            base_url=orders_setting("PRODUCTS_URL"),
            timeout=orders_setting("STOCK_TIMEOUT_SECONDS"),
            attempts=orders_setting("STOCK_ATTEMPTS"),
        )

    def reserve(self, *, reservation_id: UUID, lines: Sequence[StockLine]) -> None:
        body = {
            "reservation_id": str(reservation_id),
            "order_id": str(reservation_id),
            "lines": [
                {"product_id": str(line.product_id), "quantity": line.quantity} for line in lines
            ],
        }
        response = self._send("POST", "/api/v1/reservations/", body)
        if response.status_code >= 400:
            raise StockRejected(_detail(response), shortages=_shortages(response))

    def confirm(self, *, reservation_id: UUID) -> None:
        response = self._send("POST", f"/api/v1/reservations/{reservation_id}/confirm/", None)
        if response.status_code >= 400:
            raise StockRejected(_detail(response))

    def release(self, *, reservation_id: UUID) -> None:
        response = self._send("POST", f"/api/v1/reservations/{reservation_id}/release/", None)
        if response.status_code == 404:
            return  # never reserved: nothing to give back
        if response.status_code >= 400:
            # Stock we hold must go back; keep retrying (visible in the saga's last error).
            raise StockServiceUnavailable(
                f"the products service refused the release of {reservation_id} "
                f"({response.status_code}): {_detail(response)}"
            )

    def restock(self, *, key: str, lines: Sequence[StockLine]) -> None:
        for line in lines:
            response = self._send(
                "POST",
                f"/api/v1/products/{line.product_id}/stock/adjustments/",
                {"delta": line.quantity, "reason": f"returned: {key}"},
                idempotency_key=f"{key}:{line.product_id}",
            )
            if response.status_code >= 400:
                # The stock must go back; keep retrying (visible in the saga's last error).
                raise StockServiceUnavailable(
                    f"the products service refused to restock {line.product_id} "
                    f"({response.status_code}): {_detail(response)}"
                )

    def _send(
        self, method: str, path: str, body: Any, *, idempotency_key: str | None = None
    ) -> requests.Response:
        """One logical call: transient failures are retried, then `StockServiceUnavailable`."""
        caller = retry(
            retry=retry_if_exception_type(StockServiceUnavailable),
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=0.1, max=1.0),
            before_sleep=before_sleep_log(logger, logging.WARNING),
            reraise=True,
        )(self._send_once)
        return caller(method, path, body, idempotency_key)

    def _send_once(
        self, method: str, path: str, body: Any, idempotency_key: str | None
    ) -> requests.Response:
        url = self.base_url + path
        headers = bearer_header(SERVICE_IDENTITY, issuer="orders")
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        try:
            response = self.session.request(
                method, url, json=body, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise StockServiceUnavailable(f"{method} {url} failed: {exc}") from exc
        if response.status_code in RETRYABLE_STATUSES:
            raise StockServiceUnavailable(
                f"{method} {url} answered {response.status_code}: {_detail(response)}"
            )
        if response.status_code in (401, 403):
            # Misconfiguration (token secret), not the order's fault: wait for an operator.
            raise StockServiceUnavailable(
                f"{method} {url} refused our service token ({response.status_code}): "
                f"{_detail(response)}; check SERVICE_TOKEN_SECRET"
            )
        return response


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _detail(response: requests.Response) -> str:
    body = _json(response)
    return str(body.get("detail") or body.get("title") or response.reason or response.status_code)


def _shortages(response: requests.Response) -> list[Shortage]:
    shortages = []
    for item in _json(response).get("shortages") or []:
        try:
            shortages.append(
                Shortage(
                    product_id=UUID(str(item["product_id"])),
                    wanted=int(item["wanted"]),
                    available=int(item["available"]) if item.get("available") is not None else None,
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return shortages
