"""Start the worker side: dramatiq worker threads plus the scheduler/relay thread.

Used by ``linkhub worker`` (RabbitMQ in production) and by the embedded default, where the
web process runs the same actors in-process on the in-process broker.
"""
from __future__ import annotations

import importlib
import logging

from dramatiq import Worker

from .broker import init_broker
from .scheduler import SchedulerThread

log = logging.getLogger(__name__)


def load_handlers(app) -> None:
    """Import the modules that register outbox handlers and periodic jobs."""
    from linkhub.platform.discovery import import_submodules

    import_submodules("handlers")
    for module in app.config.get("WORKER_IMPORTS", []):
        importlib.import_module(module)


class WorkerRuntime:
    def __init__(self, app, threads: int | None = None, scheduler: bool = True):
        self.app = app
        load_handlers(app)
        self.broker = init_broker(app)
        self.worker = Worker(self.broker, worker_threads=threads or app.config["WORKER_THREADS"], worker_timeout=100)
        self.scheduler = SchedulerThread(app) if scheduler else None

    def start(self) -> "WorkerRuntime":
        self.worker.start()
        if self.scheduler:
            self.scheduler.start()
        return self

    def stop(self) -> None:
        if self.scheduler:
            self.scheduler.stop()
            self.scheduler.join(timeout=5)
        self.worker.stop(timeout=5000)
