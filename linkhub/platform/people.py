"""Services for the people of a network: invitations (the only way a person joins a network),
role changes and removal. Like ``services``, each function adds to the session and records an
audit row; the caller commits once.

Joining needs the person's consent: a network admin invites an e-mail address, the invitation
goes out through the outbox (``email.send``) and the person accepts it signed in with that
address, or by creating their account from the link. Sending an invitation never looks the
address up, so the answer is the same whether or not it has an account (no account
enumeration) and nobody is added without accepting.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import func, select, update

from . import audit
from .db import db, utcnow
from .models import NETWORK_ROLES, ROLE_LABELS, Invitation, Membership, Network, User
from .outbox import emit
from .services import ServiceError, add_membership, create_user

INVITATION_PREFIX = "lhinv_"
INVITATION_DAYS = 14


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise ServiceError("Enter an email address in the correct format, like name@example.com", field="email")
    return email


def invitation_link(secret: str) -> str:
    """The absolute link in the e-mail: from LINKHUB_PUBLIC_URL when set (production), never
    from a Host header an attacker could choose; the request's own host in the embedded default."""
    base = current_app.config.get("PUBLIC_URL") or (
        request.host_url if has_request_context() else "http://127.0.0.1:5000"
    )
    return base.rstrip("/") + f"/invitations/{secret}"


def invite(network: Network, *, email: str, role: str, invited_by: User | None) -> tuple[Invitation, str]:
    """Invite an address to a role. Returns (invitation, secret); the secret goes only into the
    e-mail. A new invitation to the same address and role replaces an open one (sent again)."""
    email = _normalise_email(email)
    if role not in NETWORK_ROLES:
        raise ServiceError("Choose a role", field="role")
    now = utcnow()
    db.session.execute(
        update(Invitation)
        .where(
            Invitation.network_id == network.id,
            Invitation.email == email,
            Invitation.role == role,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    secret = INVITATION_PREFIX + secrets.token_urlsafe(32)
    invitation = Invitation(
        network_id=network.id,
        email=email,
        role=role,
        token_hash=_digest(secret),
        invited_by_id=invited_by.id if invited_by else None,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        "invitation.sent", "invitation", invitation.id, network_id=network.id, actor=invited_by, email=email, role=role
    )
    inviter = invited_by.name if invited_by else "The network's admin"
    emit(
        "email.send",
        {
            "to": [email],
            "subject": f"You are invited to join {network.name} on LINkHub",
            "body": (
                f"{inviter} has invited you to join {network.name} as {ROLE_LABELS[role].lower()}.\n\n"
                f"To accept, open this link within {INVITATION_DAYS} days:\n{invitation_link(secret)}\n\n"
                "If you were not expecting this, you can ignore this e-mail: nothing happens unless you accept."
            ),
        },
        network_id=network.id,
    )
    return invitation, secret


def find_open(secret: str) -> Invitation | None:
    """The open invitation with this secret, or None (unknown, expired, revoked or used)."""
    if not secret or not secret.startswith(INVITATION_PREFIX) or len(secret) > 100:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _digest(secret)))
    return invitation if invitation is not None and invitation.is_open(utcnow()) else None


def account_for(invitation: Invitation) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == invitation.email))


def accept(invitation: Invitation, user: User) -> Membership:
    """The invited person accepts, signed in with the invited address."""
    if not invitation.is_open(utcnow()):
        raise ServiceError("This invitation has expired or has already been used", status=409)
    if user.email.lower() != invitation.email:
        raise ServiceError("This invitation is for a different email address", status=403)
    membership = add_membership(user, invitation.network, invitation.role)
    invitation.accepted_at, invitation.accepted_by_id = utcnow(), user.id
    audit.record(
        "invitation.accepted",
        "invitation",
        invitation.id,
        network_id=invitation.network_id,
        actor=user,
        role=invitation.role,
    )
    return membership


def accept_with_new_account(invitation: Invitation, *, name: str, password: str) -> tuple[User, Membership]:
    """A person without an account creates it from the link (its address is the invited one)."""
    if not (name or "").strip():
        raise ServiceError("Enter your full name", field="name")
    if account_for(invitation) is not None:
        raise ServiceError("An account already uses this email address: sign in to accept", status=409)
    user = create_user(email=invitation.email, name=name, password=password)
    return user, accept(invitation, user)


def revoke(invitation: Invitation, *, by: User | None) -> Invitation:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record(
            "invitation.withdrawn",
            "invitation",
            invitation.id,
            network_id=invitation.network_id,
            actor=by,
            email=invitation.email,
        )
    return invitation


def open_invitations(network: Network) -> list[Invitation]:
    now = utcnow()
    rows = db.session.scalars(
        select(Invitation)
        .where(Invitation.network_id == network.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.created_at.desc())
    ).all()
    return [i for i in rows if i.is_open(now)]


def _admins_left(network_id: int, without: Membership) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(Membership)
        .where(Membership.network_id == network_id, Membership.role == "network_admin", Membership.id != without.id)
    ).scalar_one()


def change_role(membership: Membership, role: str, *, by: User | None) -> Membership:
    """Give the person another role instead of this one (holding it already merges the two)."""
    if role not in NETWORK_ROLES:
        raise ServiceError("Choose a role", field="role")
    if role == membership.role:
        return membership
    if membership.role == "network_admin" and not _admins_left(membership.network_id, membership):
        raise ServiceError(
            "A network must keep at least one network admin: make someone else an admin first", status=409, field="role"
        )
    old = membership.role
    held = db.session.scalar(
        select(Membership).where(
            Membership.network_id == membership.network_id,
            Membership.user_id == membership.user_id,
            Membership.role == role,
        )
    )
    audit.record(
        "membership.role_changed",
        "membership",
        membership.id,
        network_id=membership.network_id,
        actor=by,
        user=membership.user.email,
        old=old,
        new=role,
    )
    if held is not None:
        db.session.delete(membership)
        return held
    membership.role = role
    return membership


def remove(membership: Membership, *, by: User | None) -> None:
    if membership.role == "network_admin" and not _admins_left(membership.network_id, membership):
        raise ServiceError(
            "A network must keep at least one network admin: make someone else an admin first", status=409
        )
    audit.record(
        "membership.removed",
        "membership",
        membership.id,
        network_id=membership.network_id,
        actor=by,
        user=membership.user.email,
        role=membership.role,
    )
    db.session.delete(membership)
