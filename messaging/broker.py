"""Connections to the event broker named by `MESSAGING["BROKER_URL"]`."""

from pathlib import Path

from kombu import Connection

from . import conf

EMBEDDED_TRANSPORT = "messaging.transport:Transport"


class BrokerUnavailable(Exception):
    """The broker could not be reached or dropped the connection; try again later."""


def is_embedded(url: str | None = None) -> bool:
    return (url or conf.get("BROKER_URL")).startswith("filesystem:")


def connection(url: str | None = None, **kwargs) -> Connection:
    """A (not yet connected) kombu connection to the event broker."""
    url = url or conf.get("BROKER_URL")
    options = dict(conf.get("BROKER_TRANSPORT_OPTIONS"))
    if is_embedded(url):
        base = Path(conf.get("EMBEDDED_BROKER_DIR"))
        # Readers and writers share one message folder, so in and out are the same.
        options.setdefault("data_folder_in", str(base / "messages"))
        options.setdefault("data_folder_out", options["data_folder_in"])
        options.setdefault("control_folder", str(base / "control"))
        options.setdefault("polling_interval", 0.1)
        for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
            if key in options:
                Path(options[key]).mkdir(parents=True, exist_ok=True)
        return Connection(transport=EMBEDDED_TRANSPORT, transport_options=options, **kwargs)
    kwargs.setdefault("connect_timeout", conf.get("CONNECT_TIMEOUT"))
    # Heartbeats need a thread ticking them; a silent dead link is caught by confirm timeouts.
    kwargs.setdefault("heartbeat", 0)
    return Connection(url, transport_options=options, **kwargs)
