"""Test helpers: a cuttable TCP proxy in front of the broker, child processes, polling."""

import contextlib
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from celery import Celery

from messaging.relay_queue import celery_task_queues

REPO_ROOT = Path(__file__).resolve().parents[2]
RABBITMQ_URL = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")


def rabbitmq_address() -> tuple[str, int]:
    parsed = urlsplit(RABBITMQ_URL)
    return parsed.hostname or "127.0.0.1", parsed.port or 5672


def wait_until(
    predicate: Callable[[], object], *, timeout: float, interval: float = 0.1, what: str = ""
) -> object:
    """Poll `predicate` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
        time.sleep(interval)


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target, and can cut, refuse, or freeze the traffic.

    `cut()` drops every connection and refuses new ones (the broker is "down");
    `freeze_replies()` keeps connections open but holds back what the broker sends (confirms
    stop arriving while published messages still reach the broker); `restore()` undoes both.
    """

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._accepting = threading.Event()
        self._accepting.set()
        self._replies_flow = threading.Event()
        self._replies_flow.set()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def url(self, base: str = RABBITMQ_URL) -> str:
        parsed = urlsplit(base)
        credentials = parsed.netloc.rpartition("@")[0]
        netloc = f"{credentials}@127.0.0.1:{self.port}" if credentials else f"127.0.0.1:{self.port}"
        return urlunsplit(parsed._replace(netloc=netloc))

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._accepting.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        held = bytearray()
        try:
            while not self._stopped.is_set():
                if held and self._replies_flow.is_set():
                    client.sendall(held)
                    held.clear()
                for key, _ in selector.select(timeout=0.05):
                    data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                    if not data:
                        return
                    if key.fileobj is upstream and not self._replies_flow.is_set():
                        held.extend(data)
                    else:
                        key.data.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()

    def cut(self) -> None:
        self._accepting.clear()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def freeze_replies(self) -> None:
        self._replies_flow.clear()

    def restore(self) -> None:
        self._replies_flow.set()
        self._accepting.set()

    def close(self) -> None:
        self._stopped.set()
        self.cut()
        self._listener.close()


class Child:
    """A child process in its own process group, so it and its children can be killed together."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path):
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            args,
            env=env,
            cwd=REPO_ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self._log.close()

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")


def child_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "DJANGO_SETTINGS_MODULE": "legacy_monolith.settings.test",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides)
    return env


def relay_worker_args(*, queue: str, name: str, schedule: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "legacy_monolith.celery",
        "worker",
        "--pool",
        "solo",
        "--queues",
        queue,
        "--hostname",
        f"{name}@%h",
        "--beat",
        "--schedule",
        str(schedule),
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]


def consume_args(consumer: str) -> list[str]:
    return [
        sys.executable,
        str(REPO_ROOT / "legacy_monolith" / "manage.py"),
        "messaging_consume",
        consumer,
    ]


def nudging_app(*, default_queue: str, relay_queue: str) -> Celery:
    """A Celery app for the test process to nudge relay workers through RabbitMQ.

    Its queues are declared as the shop's settings declare them (the relay's capped), and its
    sends are confirmed: a nudge has reached the queue when the send returns.
    """
    app = Celery("messaging-tests", broker=RABBITMQ_URL)
    app.conf.broker_connection_retry_on_startup = True
    app.conf.broker_transport_options = {"confirm_publish": True}
    app.conf.task_queues = celery_task_queues(default_queue=default_queue, relay_queue=relay_queue)
    return app


# The app nudges go through in a test (`MESSAGING["CELERY_APP"]` points here).
celery_app: Celery | None = None
