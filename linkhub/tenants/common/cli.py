"""``linkhub mail bounce FILE``: record a bounce (a delivery status notification, as the mail
server returned it to the From address) on the message it is about."""

from __future__ import annotations

import click


@click.group(help="E-mail: bounces.")
def mail():
    pass


@mail.command("bounce", help="Read a delivery status notification (RFC 3464, '-' for stdin) and record it.")
@click.argument("file", type=click.File("rb"))
def bounce_command(file):
    from linkhub.platform.cli import make_app

    from .services import record_bounces

    app = make_app()
    with app.app_context():
        recorded = record_bounces(file.read(), app.config["SECRET_KEY"])
    if not recorded:
        click.echo("No bounce of one of our messages found in that report.")
    for entry in recorded:
        click.echo(f"message {entry['outbox_id']}: {entry['recipient']} {entry['action']} ({entry['status']})")
