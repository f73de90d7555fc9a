"""``linkhub search reindex|status`` and ``linkhub demo reports`` (wired in linkhub/cli.py)."""

from __future__ import annotations

import json
import time

import click


def _app():
    from linkhub.platform.cli import make_app  # the whole app, no embedded worker

    return make_app()


def _backend(app, url: str | None):
    from linkhub.platform.db import db

    from .backends import get_backend
    from .service import backend

    return get_backend(url, db.engine, owner_url=app.config.get("DATABASE_OWNER_URL")) if url else backend(app)


class _Bar:
    """Adapts the backends' cumulative progress callback to a click progress bar."""

    def __init__(self, bar):
        self.bar, self.done = bar, 0

    def __call__(self, written: int) -> None:
        self.bar.update(written - self.done)
        self.done = written


@click.group("search", help="The national search index.")
def search():
    pass


@search.command(
    "reindex",
    help="Rebuild the index from the sources of truth (published reports, "
    "shared issues). Safe to run while the site serves searches; "
    "an interrupted OpenSearch rebuild resumes on the next run.",
)
@click.option("--backend", "url", default=None, help="Search URL (default LINKHUB_SEARCH_URL).")
def reindex(url):
    from . import sources
    from .reindex import rebuild

    app = _app()
    with app.app_context():
        target = _backend(app, url)
        target.install()
        known = sources.counts()
        length = None if None in known.values() else sum(known.values())
        started = time.monotonic()
        with click.progressbar(length=length, label="Indexing", show_pos=True) as bar:
            outcome = rebuild(target, sources.all_documents, _Bar(bar))
        seconds = max(time.monotonic() - started, 1e-6)
        resumed = f" (resumed after {outcome['resumed_from']:,})" if outcome.get("resumed_from") else ""
        click.echo(
            f"Indexed {outcome['written']:,} documents in {seconds:.1f} s "
            f"({outcome['written'] / seconds:,.0f} a second){resumed}."
        )


@search.command(
    "status",
    help="Documents per kind in the index and in the sources, and outbox lag. Exits 1 "
    "when the backend does not answer, search events are dead letters or have "
    "waited longer than LINKHUB_READY_MAX_LAG_SECONDS (default 300).",
)
@click.option("--backend", "url", default=None, help="Search URL (default LINKHUB_SEARCH_URL).")
@click.option("--json", "as_json", is_flag=True)
def status(url, as_json):
    from . import service
    from .status import collect

    app = _app()
    with app.app_context():
        if url:
            app.extensions[service.EXTENSION] = _backend(app, url)
        data = collect()
    healthy = is_healthy(data)
    if as_json:
        click.echo(json.dumps(data | {"healthy": healthy}, indent=2, default=str))
        raise SystemExit(0 if healthy else 1)
    health = data["health"]
    click.echo(
        f"backend     {health.get('backend')} ({health.get('status')})"
        + (f": {health['error']}" if health.get("error") else "")
    )
    for row in data["kinds"]:
        source = "unknown" if row["sources"] is None else f"{row['sources']:,}"
        mark = "   in step" if row["in_step"] else "   <- differs"
        click.echo(
            f"{row['kind']:12} index {row['indexed'] if row['indexed'] is not None else '?':>10}"
            f"   sources {source:>10}{mark}"
        )
    for kind in data["missing_sources"]:
        click.echo(f"{kind:12} no reindex source: a reindex would drop these documents")
    lag = data["outbox"]
    click.echo(f"outbox      {lag['waiting']} waiting, oldest {lag['oldest_age_seconds']} s, {lag['dead']} dead")
    if not healthy:
        raise SystemExit(1)


def is_healthy(data: dict) -> bool:
    from linkhub.platform.health import max_lag_seconds

    lag = data["outbox"]
    return data["health"].get("status") == "ok" and not lag["dead"] and lag["oldest_age_seconds"] <= max_lag_seconds()


@click.command(
    "reports",
    help="Index N synthetic published reports across 150 networks, for "
    "search benchmarks (straight into the index: no tenant data).",
)
@click.option("--count", type=click.IntRange(min=1), default=10_000, show_default=True)
@click.option("--seed", type=int, default=2008, show_default=True)
@click.option("--backend", "url", default=None, help="Search URL (default LINKHUB_SEARCH_URL).")
def demo_reports(count, seed, url):
    from .synthetic import reports

    app = _app()
    with app.app_context():
        target = _backend(app, url)
        target.install()
        started, written = time.monotonic(), 0
        with click.progressbar(length=count, label="Indexing synthetic reports", show_pos=True) as bar:
            stream = reports(count, seed)
            while True:  # chunks keep each transaction (and memory) bounded
                chunk = [doc for _, doc in zip(range(5000), stream)]
                if not chunk:
                    break
                written += target.bulk(chunk)
                bar.update(len(chunk))
        seconds = max(time.monotonic() - started, 1e-6)
        click.echo(f"Indexed {written:,} synthetic reports in {seconds:.1f} s ({written / seconds:,.0f} a second).")
