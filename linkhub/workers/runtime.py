"""Start the worker side: dramatiq worker threads plus the scheduler/relay thread.

Used by ``linkhub worker`` (RabbitMQ in production) and by the embedded default, where the
web process runs the same actors in-process on the in-process broker. By default a worker
consumes every lane's queue; ``lanes`` (``linkhub worker --lane federation``) narrows it, so a
lane can be scaled (or paused) on its own.
"""

from __future__ import annotations

import importlib
import logging

from dramatiq import Worker

from .actors import queues_for
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
    def __init__(self, app, threads: int | None = None, scheduler: bool = True, lanes=None):
        self.app = app
        load_handlers(app)
        self.broker = init_broker(app)
        queues = queues_for(lanes) if lanes else None  # None: every declared queue
        self.worker = Worker(
            self.broker, queues=queues, worker_threads=threads or app.config["WORKER_THREADS"], worker_timeout=100
        )
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
        from linkhub.platform.lanes import dispose

        dispose(self.app)
