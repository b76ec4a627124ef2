"""Waking the relay after a commit, without ever making the committing request wait.

`on_commit()` registers one callback per transaction. The callback only raises a flag; a
daemon thread per process sends the actual nudge (a Celery task), so a slow or unreachable
broker cannot slow down or fail a write. Nudges are coalesced: however many transactions
commit while one is being sent, one more follows it. Beat's periodic sweep is the backstop.
"""

import os
import threading
import time
from collections.abc import Callable

from django.db import transaction
from django.utils.module_loading import import_string

from . import conf
from .logs import get_logger

log = get_logger("messaging.nudge")


class Nudger:
    """Sends `send()` in a background thread whenever `request()` was called since the last send."""

    def __init__(self, send: Callable[[], None], min_interval: float = 0.0):
        self._send = send
        self._min_interval = min_interval
        self._wanted = threading.Condition()
        self._pending = False
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def request(self) -> None:
        with self._wanted:
            self._pending = True
            self._ensure_thread()
            self._wanted.notify()

    def _ensure_thread(self) -> None:
        # A forked child (gunicorn, Celery prefork) does not inherit the parent's thread.
        if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="messaging-nudger", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._wanted:
                while not self._pending:
                    self._wanted.wait()
                self._pending = False
            try:
                self._send()
            except Exception as exc:  # the sweep will pick the events up; never crash the thread
                log.warning("relay nudge failed", error=str(exc))
            if self._min_interval:
                threading.Event().wait(self._min_interval)


_nudgers: dict[str, Nudger] = {}
_lock = threading.Lock()


def _nudger() -> Nudger | None:
    path = conf.get("NUDGE")
    if not path:
        return None
    with _lock:
        nudger = _nudgers.get(path)
        if nudger is None:
            nudger = Nudger(import_string(path), conf.get("NUDGE_MIN_INTERVAL"))
            _nudgers[path] = nudger
    return nudger


def _request() -> None:
    nudger = _nudger()
    if nudger is not None:
        nudger.request()


def on_commit(using: str) -> None:
    """Nudge the relay once the current transaction on `using` commits (once per transaction)."""
    if not conf.get("NUDGE"):
        return
    connection = transaction.get_connection(using)
    if any(callback is _request for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_request, using=using)


def send_celery_nudge() -> None:
    """The default nudge: queue the relay task on the configured Celery app."""
    app = import_string(conf.get("CELERY_APP").replace(":", "."))
    app.send_task(
        conf.get("RELAY_TASK"),
        kwargs={"nudged_at": time.time()},
        queue=conf.get("RELAY_QUEUE"),
        expires=30,
        ignore_result=True,
        retry=False,
    )
