"""The ``linkhub`` command: platform commands plus those of the other layers."""

from __future__ import annotations

import os
import sys

import click

from linkhub.app import create_app
from linkhub.federation.anonymise.cli import anonymise
from linkhub.platform.cli import main, make_app, use_app_factory
from linkhub.platform.config import Config
from linkhub.search.cli import demo_reports, search
from linkhub.tenants.common.cli import mail
from linkhub.tenants.feedback.cli import feedback
from linkhub.workers.actors import LANE_ACTORS

use_app_factory(create_app)


@main.group(help="Demonstration data.")
def demo():
    pass


@demo.command("load", help="Load demo networks, people and records (skips what is already there).")
def demo_load():
    from linkhub.demo import load_demo  # the demo spans every layer

    with make_app().app_context():
        for line in load_demo():
            click.echo(line)


@main.command(
    help="Serve the web app with gunicorn (settings in linkhub/gunicorn_conf.py, "
    "also reachable as infra/gunicorn.conf.py), default 127.0.0.1:5000."
)
@click.option("--bind", default=None, help="Address to bind, e.g. 0.0.0.0:8000.")
def serve(bind):
    args = [sys.executable, "-m", "gunicorn", "-c", "python:linkhub.gunicorn_conf"]
    if bind:
        args += ["--bind", bind]
    args.append("linkhub.wsgi:app")
    os.execv(sys.executable, args)  # nosec B606 # same interpreter, no shell


@main.command(help="Run workers: dramatiq actors, the outbox relay and periodic jobs.")
@click.option("--threads", type=int, default=None, help="Worker threads (default LINKHUB_WORKER_THREADS or 4).")
@click.option(
    "--lane",
    "lanes",
    multiple=True,
    type=click.Choice(list(LANE_ACTORS)),
    help="Consume only this outbox lane's queue (repeatable; default: every lane).",
)
@click.option(
    "--metrics-port",
    type=int,
    default=lambda: int(os.environ.get("LINKHUB_WORKER_METRICS_PORT", "0")),
    help="Serve this worker's Prometheus metrics on 127.0.0.1:PORT (default LINKHUB_WORKER_METRICS_PORT; 0 = off).",
)
@click.option(
    "--metrics-addr",
    default=lambda: os.environ.get("LINKHUB_WORKER_METRICS_ADDR", "127.0.0.1"),
    help="Address for --metrics-port (default LINKHUB_WORKER_METRICS_ADDR or 127.0.0.1).",
)
def worker(threads, lanes, metrics_port, metrics_addr):
    import signal
    import threading

    from linkhub.platform.observability import mask_secrets
    from linkhub.workers.runtime import WorkerRuntime

    app = create_app(Config(), start_worker=False)
    runtime = WorkerRuntime(app, threads=threads, lanes=lanes or None).start()
    if metrics_port:
        from linkhub.platform.observability import serve_metrics

        serve_metrics(app, metrics_port, metrics_addr)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    broker = mask_secrets(app.config["BROKER_URL"]) or "the in-process broker"
    click.echo(f"Worker running on {broker}. Ctrl+C stops it.")
    stop.wait()
    runtime.stop()


main.add_command(anonymise)
main.add_command(feedback)
main.add_command(mail)
main.add_command(search)
demo.add_command(demo_reports)  # linkhub demo reports --count N

if __name__ == "__main__":
    main()
