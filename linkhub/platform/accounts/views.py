"""Pages for people: a network admin's People page (invite by e-mail, change a role, remove),
the invitation link a person opens to accept, and API tokens from "Your account".

Every change goes through ``linkhub.platform.people`` or ``linkhub.platform.services``.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user
from markupsafe import Markup
from sqlalchemy import func, select

from .. import audit_words, people, routing, services, shell
from ..auth import ADMIN_ROLES
from ..db import db, find_by_id, utcnow
from ..forms import ConfirmForm
from ..models import ROLE_LABELS, ApiToken, AuditEvent, Invitation, Membership, Network, User
from ..services import ServiceError
from .forms import ROLE_HINTS, InviteForm, NewAccountForm, RoleForm, TokenForm

bp = routing.network_blueprint("people", __name__, "/people")
audit_bp = routing.network_blueprint("network_audit", __name__, "/audit")
AUDIT_PER_PAGE = 50
VIEW_ACTIONS = ("contact.viewed", "contacts.listed", "feedback.contact_viewed")
invitations_bp = Blueprint("invitations", __name__)
tokens_bp = Blueprint("account_tokens", __name__, url_prefix="/account/tokens")


def _nav(network, roles):
    if not roles & ADMIN_ROLES:
        return []
    return [
        {"href": url_for("people.index", network_slug=network.slug), "text": "People"},
        {"href": url_for("network_audit.index", network_slug=network.slug), "text": "Audit log"},
    ]


shell.nav_providers.append(_nav)


def _say(message: str, *values) -> Markup:
    """A flash message naming user-written things: escaped here, so it is safe whether the
    banner shows it as text or as HTML."""
    return Markup(message).format(*values)


def _me() -> User:
    return db.session.get_one(User, current_user.id)


def _field_error(form, exc: ServiceError, default: str) -> None:
    field = getattr(form, exc.field or "", None) or getattr(form, default)
    field.errors = list(field.errors) + [exc.message]


def _role_hints(form) -> None:
    """Each role's radio gets its hint (what the role may do)."""
    form.role.hints = ROLE_HINTS


# --- the People page of a network -------------------------------------------------------------


@bp.route("/", methods=["GET", "POST"])
@routing.require_roles(ADMIN_ROLES)
def index():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation, _ = people.invite(g.network, email=form.email.data, role=form.role.data, invited_by=_me())
            db.session.commit()
            flash(
                _say(
                    "We have sent an invitation to {}. They join {} as {} when they accept it.",
                    invitation.email,
                    g.network.name,
                    ROLE_LABELS[invitation.role].lower(),
                ),
                "success",
            )
            return redirect(url_for("people.index"))
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc, "email")
    memberships = db.session.scalars(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.network_id == g.network.id)
        .order_by(User.name, Membership.role)
    ).all()
    return render_template(
        "people/index.html",
        form=form,
        memberships=memberships,
        role_labels=ROLE_LABELS,
        role_hints=ROLE_HINTS,
        invitations=people.open_invitations(g.network),
        confirm=ConfirmForm(),
        me=current_user.id,
    )


def _membership(membership_id: int) -> Membership:
    membership = find_by_id(Membership, membership_id)
    if membership is None or membership.network_id != g.network.id:
        abort(404)
    return membership


@bp.route("/<int:membership_id>/role", methods=["GET", "POST"])
@routing.require_roles(ADMIN_ROLES)
def change_role(membership_id: int):
    membership = _membership(membership_id)
    form = RoleForm(role=membership.role)
    if form.validate_on_submit():
        try:
            people.change_role(membership, form.role.data, by=_me())
            db.session.commit()
            flash(
                _say("{} is now {} in {}.", membership.user.name, ROLE_LABELS[form.role.data].lower(), g.network.name),
                "success",
            )
            return redirect(url_for("people.index"))
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc, "role")
    return render_template(
        "people/role.html", form=form, membership=membership, role_labels=ROLE_LABELS, role_hints=ROLE_HINTS
    )


@bp.route("/<int:membership_id>/remove", methods=["GET", "POST"])
@routing.require_roles(ADMIN_ROLES)
def remove(membership_id: int):
    membership = _membership(membership_id)
    form = ConfirmForm()
    problem = None
    if form.validate_on_submit():
        name, role = membership.user.name, ROLE_LABELS[membership.role].lower()
        try:
            people.remove(membership, by=_me())
            db.session.commit()
            flash(_say("{} is no longer {} in {}.", name, role, g.network.name), "success")
            return redirect(url_for("people.index"))
        except ServiceError as exc:
            db.session.rollback()
            problem = exc.message
    return render_template(
        "people/remove.html", form=form, membership=membership, role_labels=ROLE_LABELS, problem=problem
    )


@bp.route("/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@routing.require_roles(ADMIN_ROLES)
def withdraw(invitation_id: int):
    invitation = find_by_id(Invitation, invitation_id)
    if invitation is None or invitation.network_id != g.network.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        people.revoke(invitation, by=_me())
        db.session.commit()
        flash(_say("The invitation to {} has been withdrawn: its link no longer works.", invitation.email), "success")
    return redirect(url_for("people.index"))


# --- accepting an invitation -------------------------------------------------------------------


@invitations_bp.route("/invitations/<secret>", methods=["GET", "POST"])
@routing.public  # the secret in the link is the credential; a wrong one is a 404
def show(secret: str):
    """The link in the e-mail. Signed in with the invited address: accept. No account for the
    address yet: create it here (the address is the invited one). Otherwise: sign in first."""
    invitation = people.find_open(secret)
    if invitation is None:
        return render_template("people/invitation_invalid.html"), 404
    signed_in = current_user.is_authenticated
    account = people.account_for(invitation)
    confirm, new_account = ConfirmForm(), NewAccountForm()
    if request.method == "POST":
        try:
            if signed_in and confirm.validate_on_submit():
                people.accept(invitation, _me())
            elif not signed_in and account is None and new_account.validate_on_submit():
                user, _ = people.accept_with_new_account(
                    invitation, name=new_account.name.data, password=new_account.password.data
                )
                db.session.flush()
                login_user(user)
            else:
                return _invitation_page(invitation, account, new_account, signed_in)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            _field_error(new_account, exc, "password") if not signed_in else flash(exc.message, "error")
            return _invitation_page(invitation, account, new_account, signed_in)
        flash(
            _say("You have joined {} as {}.", invitation.network.name, ROLE_LABELS[invitation.role].lower()), "success"
        )
        return redirect(url_for("network.home", network_slug=invitation.network.slug))
    return _invitation_page(invitation, account, new_account, signed_in)


def _invitation_page(invitation, account, form, signed_in):
    response = make_response(
        render_template(
            "people/invitation.html",
            invitation=invitation,
            account=account,
            form=form,
            signed_in=signed_in,
            role_label=ROLE_LABELS[invitation.role],
            confirm=ConfirmForm(),
            wrong_person=signed_in and current_user.email.lower() != invitation.email,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the secret is in this page's address
    return response


# --- API tokens from "Your account" -------------------------------------------------------------


def _token_choices(user: User) -> list[tuple[str, str]]:
    choices = [("", "Choose the network and role")]
    if user.platform_role:
        choices.append((f":{user.platform_role}", f"All networks – {ROLE_LABELS[user.platform_role]}"))
    for m in sorted(user.memberships, key=lambda m: (m.network.name, m.role)):
        if m.network.is_active:
            choices.append((f"{m.network.slug}:{m.role}", f"{m.network.name} – {ROLE_LABELS[m.role]}"))
    return choices


@tokens_bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    user = _me()
    form = TokenForm()
    form.access.choices = _token_choices(user)
    if form.validate_on_submit():
        slug, _, role = form.access.data.partition(":")
        network = db.session.scalar(select(Network).where(Network.slug == slug)) if slug else None
        try:
            token, secret = services.create_token(
                user,
                name=form.name.data,
                role=role,
                network=network,
                expires_at=utcnow() + timedelta(days=int(form.expires.data)),
            )
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc, "access")
        else:
            response = make_response(
                render_template("people/token_created.html", token=token, secret=secret, role_labels=ROLE_LABELS)
            )
            response.headers["Cache-Control"] = "no-store"  # shown once: never kept by a browser or proxy
            return response
    return render_template("people/token_new.html", form=form)


@tokens_bp.route("/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    token = find_by_id(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.revoke_token(token)
        db.session.commit()
        flash(_say("The token ‘{}’ has been revoked: it no longer works.", token.name), "success")
    return redirect(url_for("shell.account") + "#tokens")


# --- the network's own audit log ---------------------------------------------------------------


@audit_bp.route("/", endpoint="index")
@routing.require_roles(ADMIN_ROLES)
def audit_log():
    """This network's audit log in sentences, newest first; "views" shows only who looked at
    personal data."""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    only_views = request.args.get("show") == "views"
    query = select(AuditEvent).where(AuditEvent.network_id == g.network.id)
    if only_views:
        query = query.where(AuditEvent.action.in_(VIEW_ACTIONS))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.order_by(AuditEvent.id.desc()).limit(AUDIT_PER_PAGE).offset((page - 1) * AUDIT_PER_PAGE)
    ).all()
    names = audit_words.names_of(events)
    rows = [(e, audit_words.sentence(e, names)) for e in events]
    return render_template(
        "people/audit.html",
        rows=rows,
        page=page,
        total=total,
        only_views=only_views,
        pages=max(1, -(-total // AUDIT_PER_PAGE)),
    )
