"""Platform services: the only code that changes networks, people, memberships and tokens.

Each function adds to the current session and records an audit row; the caller (a view, an
API endpoint or a CLI command) commits once, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from . import audit
from .auth import hash_password, issue_token
from .db import db, utcnow
from .models import NETWORK_ROLES, PLATFORM_ROLES, ApiToken, Membership, Network, User
from .outbox import emit
from .service_error import ServiceError  # noqa: F401  (re-exported: every layer imports it from here)
from .tenancy import network_scope, platform_scope

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def create_network(*, slug: str, name: str, local_authority: str, region: str, host_organisation: str) -> Network:
    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise ServiceError("Use lower-case letters, numbers and single hyphens only", field="slug")
    if db.session.scalar(select(Network.id).where(Network.slug == slug)):
        raise ServiceError("A network with that web address name already exists", status=409, field="slug")
    network = Network(
        slug=slug,
        name=name.strip(),
        local_authority=local_authority.strip(),
        region=region,
        host_organisation=host_organisation.strip(),
    )
    db.session.add(network)
    db.session.flush()
    audit.record("network.created", "network", network.id, network_id=network.id, slug=slug)
    emit("network.created", {"network_id": network.id, "slug": slug}, network_id=network.id)
    return network


def update_network(network: Network, **changes) -> Network:
    allowed = {"name", "local_authority", "region", "host_organisation"}
    for key, value in changes.items():
        if key in allowed and value is not None:
            setattr(network, key, value.strip() if isinstance(value, str) else value)
    audit.record(
        "network.updated",
        "network",
        network.id,
        network_id=network.id,
        fields=sorted(k for k in changes if k in allowed),
    )
    return network


def set_network_status(network: Network, status: str) -> Network:
    if status not in ("active", "suspended"):
        raise ServiceError("Status must be active or suspended", field="status")
    if network.status != status:
        network.status = status
        audit.record(
            f"network.{'suspended' if status == 'suspended' else 'reactivated'}",
            "network",
            network.id,
            network_id=network.id,
        )
        emit(f"network.{status}", {"network_id": network.id}, network_id=network.id)
    return network


def create_user(*, email: str, name: str, password: str, platform_role: str | None = None) -> User:
    email = email.strip().lower()
    if len(password) < 12:
        raise ServiceError("Passwords must be at least 12 characters", field="password")
    if platform_role not in (None, *PLATFORM_ROLES):
        raise ServiceError("Unknown platform role", field="platform_role")
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise ServiceError("A user with that email address already exists", status=409, field="email")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), platform_role=platform_role)
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", "user", user.id, network_id=None, platform_role=platform_role)
    return user


def add_membership(user: User, network: Network, role: str) -> Membership:
    if role not in NETWORK_ROLES:
        raise ServiceError(f"Role must be one of: {', '.join(NETWORK_ROLES)}", field="role")
    with network_scope(network.id):
        existing = db.session.scalar(
            select(Membership).where(
                Membership.user_id == user.id, Membership.network_id == network.id, Membership.role == role
            )
        )
    if existing:
        return existing
    with network_scope(network.id):  # the row belongs to that network (row-level security)
        membership = Membership(user=user, network_id=network.id, role=role)
        db.session.add(membership)
        db.session.flush()
    audit.record("membership.added", "membership", membership.id, network_id=network.id, user=user.email, role=role)
    return membership


def remove_membership(membership: Membership) -> None:
    audit.record(
        "membership.removed",
        "membership",
        membership.id,
        network_id=membership.network_id,
        user=membership.user.email,
        role=membership.role,
    )
    with network_scope(membership.network_id):  # the row belongs to that network (row-level security)
        db.session.delete(membership)
        db.session.flush()


def create_token(user: User, *, name: str, role: str, network: Network | None, expires_at=None):
    """A token can carry only a role its owner holds, in the one network it is bound to."""
    if network is None:
        if role not in PLATFORM_ROLES or user.platform_role != role:
            raise ServiceError("A platform token needs a platform role that the user holds", field="role")
    else:
        with network_scope(network.id):
            held = db.session.scalars(
                select(Membership.role).where(Membership.user_id == user.id, Membership.network_id == network.id)
            ).all()
        if role not in held:
            raise ServiceError("The user does not hold that role in this network", field="role")
    with network_scope(network.id) if network else platform_scope():  # row-level security
        token, secret = issue_token(user, name, role, network.id if network else None, expires_at)
        db.session.flush()
    audit.record("token.created", "api_token", token.id, network_id=token.network_id, name=name, role=role)
    return token, secret


def revoke_token(token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("token.revoked", "api_token", token.id, network_id=token.network_id, name=token.name)
    return token
