"""Request ids, JSON logs and Prometheus metrics.

Request id: every request gets one, from a well-formed ``X-Request-Id`` header (a proxy's) or a
new random one, sent back in the response header. It is in every log line written while the
request runs, in every outbox row the request writes (``outbox_events.request_id``), and so in
the log lines of the worker that carries the event out (:func:`bind_request_id`).

Logs: one JSON object a line (python-json-logger) with time, level, logger, message and
request_id; ``LINKHUB_LOG_FORMAT=text`` gives plain lines for a terminal.

Metrics (prometheus-client), served at ``/metrics``:
- ``linkhub_http_requests_total{route,method,status}`` and ``linkhub_http_request_seconds{route}``:
  the route is the URL rule (``/networks/<network_slug>/issues``), never the raw path, so ids and
  slugs do not multiply the series;
- ``linkhub_worker_deliveries_total{lane,outcome}``: outbox deliveries by outcome (done, dead,
  retry, rerouted...), counted where the handlers run;
- gauges read from the database at each scrape: ``linkhub_outbox_backlog{lane}``,
  ``linkhub_outbox_oldest_age_seconds{lane}``, ``linkhub_outbox_dead_letters{lane}``, plus those
  other layers register with :func:`gauge_source` (search lag).
With several gunicorn processes set ``PROMETHEUS_MULTIPROC_DIR`` (infra/gunicorn.conf.py does)
so the counters of every process are added up.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

from flask import Flask, Response, abort, g, request
from prometheus_client import REGISTRY, CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-Id"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_id_var: ContextVar[str | None] = ContextVar("linkhub_request_id", default=None)

HTTP_REQUESTS = Counter("linkhub_http_requests", "HTTP requests served", ["route", "method", "status"])
HTTP_SECONDS = Histogram(
    "linkhub_http_request_seconds",
    "Time to serve a request",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
WORKER_DELIVERIES = Counter(
    "linkhub_worker_deliveries", "Outbox event deliveries to a worker, by outcome", ["lane", "outcome"]
)

# name -> function returning [(help, type-less gauge rows {labels: value})]: see gauge_source.
_gauge_sources: dict[str, tuple[str, list[str], Callable[[], list[tuple[tuple, float]]]]] = {}


def current_request_id() -> str | None:
    return request_id_var.get()


@contextmanager
def bind_request_id(value: str | None) -> Iterator[None]:
    """Log lines inside carry ``value`` (a worker running an event the request wrote)."""
    token = request_id_var.set(value)
    try:
        yield
    finally:
        request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


# Secrets that must never reach a log line: the password in any URL (broker, database, search),
# bearer and invitation tokens, and secret-bearing query parameters (calendar keys, reset tokens).
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:)[^@/\s]*(?=@)")
_BEARER = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+")
_TOKENS = re.compile(r"\b(lh_|lhinv_)[A-Za-z0-9_-]{8,}")
_SECRET_PARAMS = re.compile(r"(?i)([?&;](?:key|token|secret|password|api_key|access_token)=)[^&#\s\"']+")
_SECRET_PATHS = re.compile(r"(/(?:reset|invitations)/)[A-Za-z0-9._~-]{16,}")
MASK = "***"


def mask_secrets(text: str) -> str:
    """``text`` with every URL password, token and secret parameter replaced by ``***``."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
    text = _BEARER.sub(lambda m: m.group(1) + MASK, text)
    text = _TOKENS.sub(lambda m: m.group(1) + MASK, text)
    text = _SECRET_PARAMS.sub(lambda m: m.group(1) + MASK, text)
    return _SECRET_PATHS.sub(lambda m: m.group(1) + MASK, text)


class SecretMaskingFilter(logging.Filter):
    """On a handler: the record's message (arguments merged in) and its traceback, masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to logging's own error path  # noqa: BLE001
            return True
        masked = mask_secrets(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = mask_secrets(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_secrets(record.stack_info)
        return True


def install_secret_masking(logger: logging.Logger | None = None) -> None:
    """Mask secrets on every handler of ``logger`` (the root logger by default), and in what
    gunicorn's and werkzeug's own handlers write."""
    loggers = [logger] if logger is not None else [logging.getLogger(), *map(logging.getLogger, _OWN_HANDLER_LOGGERS)]
    for each in loggers:
        for handler in each.handlers:
            if not any(isinstance(f, SecretMaskingFilter) for f in handler.filters):
                handler.addFilter(SecretMaskingFilter())


_OWN_HANDLER_LOGGERS = ("gunicorn.error", "gunicorn.access", "werkzeug", "dramatiq", "pika")


def configure_logging() -> None:
    """One handler on the root logger, JSON unless LINKHUB_LOG_FORMAT=text; idempotent."""
    root = logging.getLogger()
    root.setLevel(os.environ.get("LINKHUB_LOG_LEVEL", "INFO"))
    if any(getattr(h, "_linkhub", False) for h in root.handlers):
        install_secret_masking()  # handlers other code added since
        return
    handler = logging.StreamHandler()
    handler._linkhub = True  # type: ignore[attr-defined]
    handler.addFilter(RequestIdFilter())
    handler.addFilter(SecretMaskingFilter())
    if os.environ.get("LINKHUB_LOG_FORMAT", "json") == "text":
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    else:
        handler.setFormatter(
            JsonFormatter(
                "{asctime}{levelname}{name}{message}{request_id}",
                style="{",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    root.addHandler(handler)
    install_secret_masking()


def gauge_source(name: str, documentation: str, labels: list[str]):
    """Register ``func() -> [(label values, value)]``, read at each scrape inside the app context."""

    def register(func):
        _gauge_sources[name] = (documentation, labels, func)
        return func

    return register


class _DatabaseGauges:
    """Gauges computed from the database when Prometheus scrapes (never stale, any process)."""

    def __init__(self, app: Flask | None = None):
        self.app = app  # given when scraped outside a request (a worker's own metrics server)

    def collect(self):
        if self.app is None:
            yield from self._collect()
        else:
            from .db import db

            with self.app.app_context():
                try:
                    yield from self._collect()
                finally:
                    db.session.remove()

    def _collect(self):
        log = logging.getLogger(__name__)
        for name, (documentation, labels, func) in sorted(_gauge_sources.items()):
            family = GaugeMetricFamily(name, documentation, labels=labels)
            try:
                for values, value in func():
                    family.add_metric([str(v) for v in values], value)
            except Exception:  # a failing source must not hide the others
                log.exception("metrics source %s failed", name)
                continue
            yield family


class _DefaultRegistry:
    def collect(self):
        yield from REGISTRY.collect()


def metrics_registry(app: Flask | None = None) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_DefaultRegistry())
    registry.register(_DatabaseGauges(app))
    return registry


def serve_metrics(app: Flask, port: int, addr: str = "127.0.0.1") -> None:
    """A worker process's own ``/metrics`` (its delivery counters live in that process)."""
    from prometheus_client import start_http_server

    start_http_server(port, addr=addr, registry=metrics_registry(app))


def _metrics_allowed() -> bool:
    """Loopback always; elsewhere only with ``Authorization: Metrics $LINKHUB_METRICS_TOKEN``
    (Prometheus: ``authorization: {type: Metrics, credentials_file: ...}``). Not ``Bearer``:
    a bearer header is an API token to this app, and an unknown one is refused on every route."""
    import hmac

    token = os.environ.get("LINKHUB_METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Metrics {token}".encode()):
        return True
    return request.remote_addr in ("127.0.0.1", "::1") and not request.headers.get("X-Forwarded-For")


def init_app(app: Flask) -> None:
    configure_logging()

    @app.before_request
    def _start_request():
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        g.request_id_token = request_id_var.set(g.request_id)
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish_request(response: Response) -> Response:
        if "request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.request_id
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        method = request.method if request.method in _METHODS else "other"  # a client picks the method
        HTTP_REQUESTS.labels(route, method, str(response.status_code)).inc()
        if "request_started" in g:
            HTTP_SECONDS.labels(route).observe(time.perf_counter() - g.request_started)
        return response

    @app.teardown_request
    def _end_request(_exc):
        token = g.pop("request_id_token", None)
        if token is not None:
            request_id_var.reset(token)

    @app.get("/metrics")
    def metrics():
        if not _metrics_allowed():
            abort(404)
        return Response(generate_latest(metrics_registry()), mimetype=CONTENT_TYPE_LATEST)
