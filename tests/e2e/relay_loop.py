"""Relays one project's outbox until killed: the end-to-end tests' stand-in for its Celery relay.

    DJANGO_SETTINGS_MODULE=<project settings> python tests/e2e/relay_loop.py

Runs the same `messaging.relay` code the Celery task runs, polling every 50 ms instead of
being nudged, so the tests need no Celery worker per project.
"""

import logging
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.db import connection  # noqa: E402

from messaging.relay import default_relay  # noqa: E402

log = logging.getLogger("e2e.relay_loop")
running = True


def stop(signum, frame):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
print("relay loop ready", flush=True)
while running:
    try:
        default_relay().drain()
    except Exception:  # keep relaying through a broker or database blip, as the worker does
        log.exception("relay pass failed")
        connection.close()
        time.sleep(0.5)
    time.sleep(0.05)
