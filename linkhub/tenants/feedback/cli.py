"""``linkhub feedback import NETWORK FILE``: the CSV import with a progress bar."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select


@click.group(help="Feedback.")
def feedback():
    pass


@feedback.command(
    "import",
    help="Import feedback from a CSV file (all or nothing). See the column list in "
    "linkhub/tenants/feedback/importer.py.",
)
@click.argument("network")
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check every line; import nothing.")
def import_command(network, file, dry_run):
    from linkhub.platform.app import create_app
    from linkhub.platform.config import Config
    from linkhub.platform.db import db
    from linkhub.platform.models import Network
    from linkhub.platform.tenancy import network_scope

    from .services.importer import import_feedback

    app = create_app(Config())
    with app.app_context():
        found = db.session.scalar(select(Network).where(Network.slug == network))
        if found is None:
            raise click.ClickException(f"No network {network!r}")
        # The file is streamed, so its length is unknown: the bar counts rows (click's bar, on stderr).
        with (
            network_scope(found.id),
            click.progressbar(
                length=None, label="Checking" if dry_run else "Importing", show_pos=True, file=sys.stderr
            ) as bar,
        ):
            result = import_feedback(file, dry_run=dry_run, progress=bar.update)
            if result.ok and not dry_run:
                db.session.commit()
        for line, message in result.errors:
            click.echo(f"line {line}: {message}", err=True)
        if not result.ok:
            raise click.ClickException(f"{len(result.errors)} problem(s); nothing was imported")
        click.echo(f"{result.rows:,} rows {'checked, none imported (dry run)' if dry_run else 'imported'}.")
