"""People and integrations: passwords (argon2), sessions (flask-login), bearer tokens, roles."""

from __future__ import annotations

from collections.abc import Sequence

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, g, request
from flask_login import LoginManager, current_user
from sqlalchemy import select

from .db import db, utcnow
from .models import ApiToken, Membership, Network, User

login_manager = LoginManager()
login_manager.login_view = "shell.sign_in"
login_manager.login_message = "Sign in to see this page."
login_manager.login_message_category = "info"
_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 defaults
TOKEN_PREFIX = "lh_"

# Which network roles a page or endpoint may name, and who counts as having them.
STAFF_ROLES = frozenset({"network_admin", "staff"})
MEMBER_ROLES = frozenset({"network_admin", "staff", "member", "authorised_representative"})
ADMIN_ROLES = frozenset({"network_admin"})
# The local authority that funds the network (contract officers, OSC members): not a member of
# the LINk. It reads the returns, the performance indicators and published work, and nothing
# that a MEMBER_ROLES page shows (feedback, contacts, drafts), because it is in none of them.
LOCAL_AUTHORITY_ROLES = frozenset({"local_authority"})
# Who reads the returns and indicators: the LINk's own people and its local authority.
RETURN_READER_ROLES = MEMBER_ROLES | LOCAL_AUTHORITY_ROLES


def use_cheap_hashing_for_tests() -> None:
    """Tests create many users; the production cost (~0.2 s a hash here) would dominate them."""
    global _hasher
    from argon2.profiles import CHEAPEST

    _hasher = PasswordHasher.from_parameters(CHEAPEST)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User | None, password: str) -> bool:
    """Constant work whether or not the user exists, so timing does not reveal accounts."""
    stored = user.password_hash if user else _DUMMY_HASH
    try:
        ok = _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    if ok and user and _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    return ok and user is not None


_DUMMY_HASH = _hasher.hash("not-a-real-password")


@login_manager.user_loader
def _load_user(session_id: str):
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token or user.is_disabled:
        return None
    return user


# --- bearer tokens ---------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user: User, name: str, role: str, network_id: int | None, expires_at: datetime | None = None):
    """Create a token; returns (row, secret). The secret is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        role=role,
        network_id=network_id,
        prefix=secret[:10],
        token_hash=_digest(secret),
        expires_at=expires_at,
    )
    db.session.add(token)
    return token, secret


def live_token(token: ApiToken | None, user: User | None) -> bool:
    """A token that is known, not revoked, not expired, and whose person is not disabled."""
    if token is None or user is None or token.revoked_at is not None or user.is_disabled:
        return False
    return token.expires_at is None or _aware(token.expires_at) > utcnow()


def find_token(secret: str) -> ApiToken | None:
    """The live token for a secret, or None if unknown, revoked or expired."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    return token if token is not None and live_token(token, token.user) else None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --- who is asking ---------------------------------------------------------------------------


@dataclass
class Principal:
    """The person (or token) behind a request and the roles they hold."""

    user: User | None
    token: ApiToken | None = None
    _roles: dict[int, frozenset[str]] = field(default_factory=dict)
    _networks: list | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def platform_role(self) -> str | None:
        if self.user is None:
            return None
        if self.token is not None:
            return self.token.role if self.token.role == self.user.platform_role else None
        return self.user.platform_role

    @property
    def is_operator(self) -> bool:
        return self.platform_role == "operator"

    @property
    def is_national_reader(self) -> bool:
        return self.platform_role in ("national_reader", "operator")

    def opens_network(self, network_id: int) -> bool:
        """False when a token is bound to another network: that network answers 404 to it."""
        return self.token is None or self.token.network_id in (None, network_id)

    def roles_in(self, network_id: int) -> frozenset[str]:
        if self.user is None or not self.opens_network(network_id):
            return frozenset()
        if network_id not in self._roles:
            from .whois import current_access

            held = frozenset(
                db.session.scalars(
                    select(Membership.role).where(
                        Membership.user_id == self.user.id, Membership.network_id == network_id, current_access()
                    )
                )
            )
            if self.token is not None:  # a token carries one role, and only while the person holds it
                held = held & {self.token.role}
            self._roles[network_id] = held
        return self._roles[network_id]

    def networks(self) -> list:
        """The networks the person belongs to (the switcher), read once per request."""
        if self._networks is None:
            self._networks = list(networks_of(self.user)) if self.user is not None else []
        return self._networks


def principal() -> Principal:
    """The request's principal: a bearer token if one was sent, else the session's user.

    Resolved lazily, on first use, because the network in the URL is resolved (and checked
    against the token) before any ``before_request`` hook runs. A bearer token that is unknown,
    expired or revoked is a 401, whatever else the request carries. Cookies do not authorise
    API writes: an API request that changes something needs a token (no CSRF on the API).
    """
    if "principal" not in g:
        identify(None)
    return g.principal


def identify(slug: str | None):
    """Resolve the request's principal and, given a URL slug, its network: one query for the
    network, token, person and the person's roles there (:mod:`linkhub.platform.whois`).
    Returns the network (None if there is no such slug)."""
    from . import whois

    if "principal" in g:  # already known: only the network is left to find
        return db.session.scalar(select(Network).where(Network.slug == slug)) if slug is not None else None
    secret = bearer_secret()
    network, token, user, held = whois.resolve(
        slug, _digest(secret) if secret is not None else None, None if secret is not None else whois.session_user_id()
    )
    if secret is not None:
        if not live_token(token, user):
            abort(401, "The bearer token is not valid, has expired or was revoked.")
        who = Principal(user, token)
        whois.note_token_use(token)
    else:
        person = current_user if current_user.is_authenticated else None  # checks the session token
        if person is not None and request.path.startswith("/api/") and request.method not in ("GET", "HEAD", "OPTIONS"):
            person = None
        who = Principal(person)
    if network is not None and held is not None and who.user is not None and who.user.id == user.id:
        who._roles[network.id] = held & {token.role} if token is not None else held
    g.principal = who
    return network


def current_user_id() -> int | None:
    """The id of the person behind the request (session or token), if any."""
    user = principal().user
    return user.id if user is not None else None


def bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def networks_of(user: User) -> Sequence[Network]:
    """The networks a person belongs to, for the network switcher."""
    from .whois import current_access

    return db.session.scalars(
        select(Network)
        .join(Membership, Membership.network_id == Network.id)
        .where(Membership.user_id == user.id, current_access())
        .distinct()
        .order_by(Network.name)
    ).all()
