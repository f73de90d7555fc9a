"""The ``linkhub`` command line (click). Every command has ``--help``."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

import click
from sqlalchemy import select

from .config import Config
from .models import NETWORK_ROLES, PLATFORM_ROLES

TOKEN_ROLES = set(NETWORK_ROLES) | set(PLATFORM_ROLES)

_factory = None


def use_app_factory(factory) -> None:
    """The composition root (``linkhub.cli``) says how to make the whole app for commands."""
    global _factory
    _factory = factory


def make_app():
    """The app for a command: every layer, no embedded worker (a command must not start
    consuming the outbox as a side effect)."""
    if _factory is None:
        raise RuntimeError("no app factory: run commands through linkhub.cli")
    return _factory(Config(), start_worker=False)


def _fail(message: str):
    raise click.ClickException(message)


@click.group(help="LINkHub: hosted platform for Local Involvement Networks.")
@click.version_option(package_name="linkhub", prog_name="linkhub")
def main():
    pass


# --- database --------------------------------------------------------------------------------


@main.group(help="Database schema.")
def db():
    pass


@db.command("upgrade", help="Apply migrations as the database owner (creates the app role on PostgreSQL).")
@click.option("--revision", default="heads", show_default=True)
def db_upgrade(revision):
    from .migrate import upgrade

    upgrade(Config(), revision)
    click.echo("Database is up to date.")


@db.command("revision", help="Write a new migration from the models (autogenerate).")
@click.option("-m", "--message", required=True)
def db_revision(message):
    from .migrate import revision

    revision(Config(), message)


# --- networks --------------------------------------------------------------------------------


@main.group(help="Networks (tenants).")
def network():
    pass


@network.command("create", help="Create a network.")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--local-authority", required=True)
@click.option("--region", required=True, help="One of the nine English regions, e.g. 'Yorkshire and the Humber'.")
@click.option("--host", "host_organisation", required=True, help="Host organisation.")
def network_create(slug, name, local_authority, region, host_organisation):
    from . import services
    from .db import db as database
    from .models import REGIONS

    if region not in REGIONS:
        _fail(f"Unknown region {region!r}. Choose one of: {', '.join(REGIONS)}")
    with make_app().app_context():
        try:
            created = services.create_network(
                slug=slug,
                name=name,
                local_authority=local_authority,
                region=region,
                host_organisation=host_organisation,
            )
            database.session.commit()
        except services.ServiceError as exc:
            _fail(exc.message)
        click.echo(f"Created {created.name} at /networks/{created.slug}/")


@network.command("suspend", help="Suspend a network (members see a 503 page, the public nothing).")
@click.argument("slug")
@click.option("--reactivate", is_flag=True, help="Make a suspended network active again.")
def network_suspend(slug, reactivate):
    from . import services
    from .db import db as database
    from .models import Network

    with make_app().app_context():
        found = database.session.scalar(select(Network).where(Network.slug == slug)) or _fail(f"No network {slug!r}")
        services.set_network_status(found, "active" if reactivate else "suspended")
        database.session.commit()
        click.echo(f"{found.name} is now {found.status}.")


@network.command("export", help="Write a LINk's whole data as a ZIP of JSON and CSV plus files.")
@click.argument("slug")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True))
def network_export(slug, out):
    from . import handover
    from .db import db as database
    from .models import Network

    with make_app().app_context():
        found = database.session.scalar(select(Network).where(Network.slug == slug)) or _fail(f"No network {slug!r}")
        data = handover.export_network(found)
        database.session.commit()
        with open(out, "wb") as handle:
            handle.write(data)
        click.echo(f"Wrote {out} ({len(data):,} bytes).")


@network.command("import", help="Create a LINk from another instance's export (all or nothing).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--slug", default=None, help="Web address name (default: the exported one).")
def network_import(path, slug):
    from . import handover, services
    from .db import db as database

    with make_app().app_context():
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            made = handover.import_network(data, slug=slug)
            name, made_slug = made.name, made.slug
            database.session.commit()
        except services.ServiceError as exc:
            database.session.rollback()
            _fail(exc.message)
        click.echo(f"Imported {name} at /networks/{made_slug}/")


@network.command("list", help="List networks.")
def network_list():
    from .db import db as database
    from .models import Network

    with make_app().app_context():
        for n in database.session.scalars(select(Network).order_by(Network.slug)):
            click.echo(f"{n.slug:24} {n.status:10} {n.region:26} {n.name}")


# --- users and tokens ------------------------------------------------------------------------


@main.group(help="People.")
def user():
    pass


def _network_role(ctx, param, values):
    """``slug:role`` pairs, the role one of the network roles (checked before anything is written)."""
    pairs = []
    for spec in values:
        slug, _, role = spec.partition(":")
        if not slug or role not in NETWORK_ROLES:
            raise click.BadParameter(f"{spec!r}: give network-slug:role, the role one of {', '.join(NETWORK_ROLES)}")
        pairs.append((slug, role))
    return pairs


@user.command(
    "create",
    help="Create a user. Give --role NETWORK:ROLE for each network role. The password "
    "is asked for (not echoed), or read from standard input with --password-stdin; "
    "it is never an argument, which other users could read from the process list "
    "and the shell history.",
)
@click.argument("email")
@click.option("--name", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--platform-role", type=click.Choice(["operator", "national_reader"]), default=None)
@click.option(
    "--role",
    "roles",
    multiple=True,
    callback=_network_role,
    help="network-slug:role, e.g. sheffield:staff (network_admin, staff, member, authorised_representative)",
)
def user_create(email, name, password_stdin, platform_role, roles):
    from . import services
    from .db import db as database
    from .models import Network

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password (at least 12 characters)", hide_input=True, confirmation_prompt=True)
    with make_app().app_context():
        try:
            created = services.create_user(email=email, name=name, password=password, platform_role=platform_role)
            for slug, role in roles:
                found = database.session.scalar(select(Network).where(Network.slug == slug))
                if found is None:
                    _fail(f"No network {slug!r}")
                services.add_membership(created, found, role)
            database.session.commit()
        except services.ServiceError as exc:
            _fail(exc.message)
        click.echo(f"Created user {created.email}")


@main.group(help="API tokens.")
def token():
    pass


@token.command("create", help="Create a bearer token; prints the secret once.")
@click.argument("email")
@click.option("--name", required=True)
@click.option(
    "--role",
    required=True,
    type=click.Choice(sorted(TOKEN_ROLES)),
    help="A network role with --network, a platform role without.",
)
@click.option("--network", "slug", default=None, help="Network slug; omit for a platform token.")
@click.option("--days", type=int, default=None, help="Expire after this many days.")
def token_create(email, name, role, slug, days):
    from datetime import timedelta

    from . import services
    from .db import db as database
    from .models import Network, User

    with make_app().app_context():
        owner = database.session.scalar(select(User).where(User.email == email.lower())) or _fail(f"No user {email}")
        found = None
        if slug:
            found = database.session.scalar(select(Network).where(Network.slug == slug)) or _fail(
                f"No network {slug!r}"
            )
        expires = datetime.now(timezone.utc) + timedelta(days=days) if days else None
        try:
            created, secret = services.create_token(owner, name=name, role=role, network=found, expires_at=expires)
            database.session.commit()
        except services.ServiceError as exc:
            _fail(exc.message)
        click.echo(f"Token {created.id} ({created.prefix}…) created. Secret, shown once:")
        click.echo(secret)


@token.command("revoke", help="Revoke a token by id.")
@click.argument("token_id", type=int)
def token_revoke(token_id):
    from . import services
    from .db import db as database
    from .models import ApiToken

    with make_app().app_context():
        found = database.session.get(ApiToken, token_id) or _fail(f"No token {token_id}")
        services.revoke_token(found)
        database.session.commit()
        click.echo(f"Token {token_id} revoked.")


# --- outbox ----------------------------------------------------------------------------------


@main.group(help="The outbox of side effects.")
def outbox():
    pass


@outbox.command(
    "status",
    help="Counts by status, waiting per lane and the dead letters. Exits 1 when "
    "there are dead letters or a lane has waited longer than "
    "LINKHUB_READY_MAX_LAG_SECONDS (default 300), so scripts and monitoring can act.",
)
@click.option("--json", "as_json", is_flag=True)
def outbox_status(as_json):
    from . import outbox as box
    from .db import db as database
    from .health import max_lag_seconds, outbox_by_lane
    from .models import OutboxEvent
    from .tenancy import platform_scope

    with make_app().app_context():
        counts = box.status_counts()
        lanes = outbox_by_lane()
        with platform_scope():
            dead = database.session.scalars(
                select(OutboxEvent).where(OutboxEvent.status == "dead").order_by(OutboxEvent.id)
            ).all()
            dead_rows = [
                {"id": e.id, "event_type": e.event_type, "deliveries": e.deliveries, "last_error": e.last_error}
                for e in dead
            ]
    late = [lane for lane, row in lanes.items() if row["oldest_age_seconds"] > max_lag_seconds()]
    healthy = not dead_rows and not late
    if as_json:
        click.echo(json.dumps({"healthy": healthy, "counts": counts, "lanes": lanes, "dead": dead_rows}, indent=2))
    else:
        for status, n in counts.items():
            click.echo(f"{status:10} {n}")
        for lane, row in lanes.items():
            click.echo(
                f"lane {lane}: {row['backlog']} waiting, oldest {row['oldest_age_seconds']} s"
                + ("   <- late" if lane in late else "")
            )
        for row in dead_rows:
            click.echo(
                f"dead #{row['id']} {row['event_type']} after {row['deliveries']} deliveries: {row['last_error']}"
            )
    if not healthy:
        raise SystemExit(1)


@outbox.command("retry", help="Send dead letters again (all, or the ids given).")
@click.argument("ids", nargs=-1, type=int)
def outbox_retry(ids):
    from . import outbox as box

    with make_app().app_context():
        click.echo(f"{box.retry(list(ids) or None)} dead letter(s) queued again.")
