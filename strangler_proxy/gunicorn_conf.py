"""Gunicorn settings for the data plane: `gunicorn -c strangler_proxy/gunicorn_conf.py`.

Sets up prometheus-client's multi-process mode before any worker imports it, and drains
in-flight requests on SIGTERM for up to `graceful_timeout` seconds.
"""

import os
import shutil
import tempfile

bind = os.environ.get("STRANGLER_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("STRANGLER_WORKERS", "2"))
worker_class = "aiohttp.GunicornUVLoopWebWorker"
wsgi_app = "strangler_proxy.data_plane.app:gunicorn_app"
graceful_timeout = int(os.environ.get("STRANGLER_SHUTDOWN_TIMEOUT", "25")) + 5
keepalive = 75
accesslog = None

_metrics_dir = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="strangler-metrics-")
)


def on_starting(server):
    # Stale files from a previous run would add old counts to the new ones.
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    os.makedirs(_metrics_dir, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
