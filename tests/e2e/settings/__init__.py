"""Settings of the services as the end-to-end tests run them: each service's own test settings,
on the exchange and queue names of one test run (`E2E_EXCHANGE`, `E2E_QUEUE_PREFIX`), so that
runs sharing a broker never see each other's events."""

import os
from typing import Any


def on_test_broker(messaging: dict[str, Any]) -> dict[str, Any]:
    return {
        **messaging,
        "EXCHANGE": os.environ["E2E_EXCHANGE"],
        "QUEUE_PREFIX": os.environ["E2E_QUEUE_PREFIX"],
        "QUEUE_TYPE": "classic",
    }
