"""API: networks (public list, operator CRUD), me, memberships and tokens."""

from __future__ import annotations


from flask import abort, g
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import people, routing, services
from ..api import PageArgs, page_schema, paginate
from ..auth import ADMIN_ROLES, MEMBER_ROLES, principal
from ..db import db, find_by_id
from ..endpoints import commit_or_abort
from ..whois import memberships_of
from ..models import ApiToken, Membership, Network, User
from .schemas import (
    InvitationInSchema,
    InvitationSentSchema,
    MeSchema,
    MembershipSchema,
    NetworkSchema,
    NetworkUpdateSchema,
    NewTokenSchema,
    TokenSchema,
)

blp = Blueprint("platform_api", __name__, url_prefix="", description="Networks and the people in them")
tenant_blp = routing.network_api_blueprint(
    "access_api", __name__, description="Memberships and API tokens of one network"
)


@blp.route("/networks")
class Networks(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(NetworkSchema))
    def get(self, args):
        """Networks on the platform (the public sees active ones; operators see all)."""
        query = select(Network).order_by(Network.name)
        if not principal().is_operator:
            query = query.where(Network.status == "active")
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @blp.arguments(NetworkSchema)
    @blp.response(201, NetworkSchema)
    @routing.operator_only
    def post(self, data):
        """Create a network (operator)."""
        return commit_or_abort(lambda: services.create_network(**data))


@blp.route("/networks/<slug>")
class NetworkItem(MethodView):
    @blp.response(200, NetworkSchema)
    def get(self, slug):
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None or (not network.is_active and not principal().is_operator):
            abort(404)
        return network

    @blp.arguments(NetworkUpdateSchema)
    @blp.response(200, NetworkSchema)
    @routing.operator_only
    def patch(self, data, slug):
        """Update a network or suspend/reactivate it (operator)."""
        network = db.session.scalar(select(Network).where(Network.slug == slug)) or abort(404)

        def change():
            status = data.pop("status", None)
            services.update_network(network, **data)
            if status:
                services.set_network_status(network, status)
            return network

        return commit_or_abort(change)


@blp.route("/me")
@blp.response(200, MeSchema)
def me():
    """The signed-in person or the token's owner, with their memberships."""
    who = principal()
    if not who.is_authenticated:
        abort(401)
    user = who.user
    mine = memberships_of(user.id)
    memberships = db.session.scalars(
        select(mine).where(mine.user_id == user.id).options(joinedload(mine.network)).order_by(mine.id)
    ).all()
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "platform_role": user.platform_role,
        "memberships": memberships,
    }


@tenant_blp.route("/memberships")
class Memberships(MethodView):
    @tenant_blp.arguments(PageArgs, location="query")
    @tenant_blp.response(200, page_schema(MembershipSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        query = select(Membership).where(Membership.network_id == g.network.id).order_by(Membership.id)
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @tenant_blp.arguments(InvitationInSchema)
    @tenant_blp.response(202, InvitationSentSchema)
    @routing.require_roles(ADMIN_ROLES)
    def post(self, data):
        """Invite a person by e-mail (network admin). They join when they accept the e-mailed link.

        The answer is the same whether or not the address has an account (nothing here reveals
        who has one), and nobody is added without accepting."""
        invitation, _ = commit_or_abort(
            lambda: people.invite(
                g.network, email=data["email"], role=data["role"], invited_by=db.session.get(User, principal().user.id)
            )
        )
        return invitation


@tenant_blp.route("/memberships/<int:membership_id>", methods=["DELETE"])
@tenant_blp.response(204)
@routing.require_roles(ADMIN_ROLES)
def delete_membership(membership_id):
    membership = find_by_id(Membership, membership_id)
    if membership is None or membership.network_id != g.network.id:
        abort(404)
    commit_or_abort(lambda: people.remove(membership, by=db.session.get(User, principal().user.id)))


@tenant_blp.route("/tokens")
class Tokens(MethodView):
    @tenant_blp.arguments(PageArgs, location="query")
    @tenant_blp.response(200, page_schema(TokenSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        """Tokens of this network: an admin sees all, others their own."""
        who = principal()
        query = select(ApiToken).where(ApiToken.network_id == g.network.id).order_by(ApiToken.id)
        if not (routing.roles() & ADMIN_ROLES):
            query = query.where(ApiToken.user_id == who.user.id)
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @tenant_blp.arguments(TokenSchema)
    @tenant_blp.response(201, NewTokenSchema)
    @routing.require_roles(MEMBER_ROLES)
    def post(self, data):
        """Create a token for yourself, carrying one role you hold here. The secret is shown once."""
        who = principal()
        if who.token is not None:
            abort(403, "Tokens cannot create tokens; sign in to create one.")
        token, secret = commit_or_abort(
            lambda: services.create_token(
                db.session.get(User, who.user.id),
                name=data["name"],
                role=data["role"],
                network=g.network,
                expires_at=data.get("expires_at"),
            )
        )
        token.secret = secret
        return token


@tenant_blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@tenant_blp.response(204)
@routing.require_roles(MEMBER_ROLES)
def revoke_token(token_id):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.network_id != g.network.id:
        abort(404)
    if token.user_id != principal().user.id and not (routing.roles() & ADMIN_ROLES):
        abort(404)
    commit_or_abort(lambda: services.revoke_token(token))
