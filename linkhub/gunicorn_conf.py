"""gunicorn settings. Environment variables override the defaults:

LINKHUB_BIND (127.0.0.1:5000), LINKHUB_WEB_WORKERS, LINKHUB_WEB_THREADS,
LINKHUB_CONTROL_SOCKET (``off``, or a path; default ``gunicorn.ctl`` in the instance folder).

With the embedded default (no LINKHUB_BROKER_URL) the web process also runs the in-process
broker and worker, so it runs one process with threads; with RabbitMQ it runs 2×cores+1
processes and workers run separately (``linkhub worker``).
"""

import multiprocessing
import os
import shutil
from pathlib import Path

from linkhub.platform.config import DEFAULT_INSTANCE

embedded = not os.environ.get("LINKHUB_BROKER_URL")
bind = os.environ.get("LINKHUB_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("LINKHUB_WEB_WORKERS", "1" if embedded else str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("LINKHUB_WEB_THREADS", "8" if embedded else "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = "-"
# gunicorn's default format logs the request line with its query string; a calendar
# subscription address carries its secret there (``?key=``), so log the path only (%(U)s).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
errorlog = "-"
# Built once in the master when workers do not run in-process (faster forks, shared memory).
preload_app = not embedded
forwarded_allow_ips = os.environ.get("LINKHUB_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Several processes each counting rate limits in their own memory would multiply every limit:
# they share Redis (LINKHUB_RATELIMIT_STORAGE_URL=redis://...); memory:// is for one process.
_ratelimit_storage = os.environ.get("LINKHUB_RATELIMIT_STORAGE_URL", "").strip()
if workers > 1 and _ratelimit_storage in ("", "memory://"):
    raise SystemExit(
        f"{workers} web processes need shared rate-limit counters: set LINKHUB_RATELIMIT_STORAGE_URL=redis://host:6379/0"
    )

# gunicorn's control socket defaults to one shared path in the home directory, so two instances
# on one machine would replace each other's: keep it in this instance's folder, or turn it off.
instance = Path(os.environ.get("LINKHUB_INSTANCE_PATH", DEFAULT_INSTANCE))
control_setting = os.environ.get("LINKHUB_CONTROL_SOCKET", "")
control_socket_disable = control_setting.lower() in ("off", "0", "no", "false")
control_socket = control_setting if control_setting and not control_socket_disable else str(instance / "gunicorn.ctl")
control_socket_mode = 0o600

# Several processes: prometheus-client adds up their counters through files in one folder
# (linkhub.platform.observability), emptied at start and cleaned of a process when it exits.
if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(instance / "prometheus")


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
