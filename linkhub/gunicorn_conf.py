"""gunicorn settings. Environment variables override the defaults:

LINKHUB_BIND (127.0.0.1:5000), LINKHUB_WEB_WORKERS, LINKHUB_WEB_THREADS.

With the embedded default (no LINKHUB_BROKER_URL) the web process also runs the in-process
broker and worker, so it runs one process with threads; with RabbitMQ it runs 2×cores+1
processes and workers run separately (``linkhub worker``).
"""
import multiprocessing
import os

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
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s"'
errorlog = "-"
# Built once in the master when workers do not run in-process (faster forks, shared memory).
preload_app = not embedded
forwarded_allow_ips = os.environ.get("LINKHUB_FORWARDED_ALLOW_IPS", "127.0.0.1")
