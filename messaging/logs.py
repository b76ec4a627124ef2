"""Structured JSON logs for messaging, each line carrying the event id and trace id it concerns."""

import logging
from typing import Any

import structlog

_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.format_exc_info,
    structlog.processors.EventRenamer("msg"),
    structlog.processors.JSONRenderer(sort_keys=True),
]


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A logger that renders JSON and hands the line to the stdlib logger `name`."""
    return structlog.wrap_logger(
        logging.getLogger(name),
        processors=_PROCESSORS,
        wrapper_class=structlog.stdlib.BoundLogger,
    )
