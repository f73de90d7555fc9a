"""The UI shell: home, sign in/out, network home, static pages, GOV.UK assets, request hooks."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from . import audit, routing, security, whois
from .auth import MEMBER_ROLES, networks_of, principal, verify_password
from .db import db
from .extensions import failed_sign_in, limiter, login_account_key, login_account_limit, login_limit
from .forms import ConfirmForm, SignInForm
from .models import ROLE_LABELS, ApiToken, Network, User
from .security import same_site_path
from .tenancy import platform_scope
from .whois import memberships_of

bp = Blueprint("shell", __name__)
network_bp = routing.network_blueprint("network", __name__)
ASSETS = Path(__file__).parent / "static" / "govuk" / "assets"

# Panels other domains add to the network home: functions (network) -> dict | None, each
# returning {"title", "template", ...context} for members of the network.
dashboard_panels: list = []


def dashboard_panel(func=None, *, roles=MEMBER_ROLES):
    """Register a panel of the network home, shown to people holding one of ``roles`` (the
    LINk's members by default: a local authority reader sees only panels that name its role)."""

    def register(panel):
        panel.linkhub_roles = frozenset(roles)
        dashboard_panels.append(panel)
        return panel

    return register(func) if func is not None else register


# Menu items for people with a role in the network: functions (network, roles) -> [{"href", "text"}].
# An item may name the ``"roles"`` it is for; without, it is for the LINk's members (MEMBER_ROLES).
nav_providers: list = []
# Links the public sees on a network's home page: functions (network) -> [{"href", "text"}].
public_link_providers: list = []
# What the public sees at /networks/<slug>/: a function (network) -> response, set by the domain
# that makes the network's public site; None = the plain page of public links.
public_home = None


def network_nav(network) -> list[dict]:
    roles = principal().roles_in(network.id)
    if not roles:
        return []
    items = []
    for provider in nav_providers:
        for item in provider(network, roles):
            if not roles & item.pop("roles", MEMBER_ROLES):
                continue
            item.setdefault("active", request.path.startswith(item["href"]))
            items.append(item)
    return items


def public_links(network) -> list[dict]:
    return [link for provider in public_link_providers for link in provider(network)]


@bp.route("/")
def home():
    networks = db.session.scalars(select(Network).where(Network.status == "active").order_by(Network.name)).all()
    return render_template("shell/home.html", networks=networks)


@bp.route("/assets/<path:filename>")
def assets(filename):
    """GOV.UK Frontend's CSS refers to fonts and images at /assets/."""
    return send_from_directory(ASSETS, filename, max_age=86400)


@bp.route("/accessibility")
def accessibility():
    return render_template("shell/accessibility.html")


@bp.route("/privacy")
def privacy():
    return render_template("shell/privacy.html")


@bp.route("/cookies")
def cookies():
    hours = int(current_app.config["PERMANENT_SESSION_LIFETIME"]) // 3600
    return render_template(
        "shell/cookies.html", session_cookie=current_app.config.get("SESSION_COOKIE_NAME", "session"), hours=hours
    )


@bp.route("/api/v1/docs")
def api_docs():
    """A readable page of the OpenAPI document (no third-party script needed)."""
    from .api import api

    spec = api.spec.to_dict()
    operations = []
    for path, item in sorted(spec.get("paths", {}).items()):
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                operations.append(
                    {
                        "path": path,
                        "method": method.upper(),
                        "summary": operation.get("summary", ""),
                        "tag": (operation.get("tags") or [""])[0],
                        "responses": sorted(operation.get("responses", {})),
                    }
                )
    return render_template("shell/api_docs.html", operations=operations, spec=spec)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])  # per address: every attempt
@limiter.limit(  # per account: failed attempts only, from any address (see Config)
    login_account_limit,
    key_func=login_account_key,
    methods=["POST"],
    deduct_when=failed_sign_in,
    scope="sign-in-account",
)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(func.lower(User.email) == form.email.data.strip().lower()))
        if verify_password(user, form.password.data) and user.is_active:
            login_user(user)
            audit.record("user.signed_in", "user", user.id, network_id=None, actor=user)
            db.session.commit()
            return redirect(_safe_next() or _landing(user))
        form.email.errors = list(form.email.errors) + ["Enter a correct email address and password"]
    return render_template("shell/sign_in.html", form=form)


def _safe_next() -> str | None:
    return same_site_path(request.args.get("next", ""))


def _landing(user: User) -> str:
    """Where signing in takes you: your network's dashboard, or a choice when you have several;
    the operator's pages for the operator; the working groups for a national reader."""
    mine = [n for n in networks_of(user) if n.is_active]
    if len(mine) == 1:
        return url_for("network.home", network_slug=mine[0].slug)
    if len(mine) > 1:
        return url_for("shell.choose_network")
    if user.platform_role == "operator":
        return url_for("operator.index")
    if user.platform_role == "national_reader":
        return "/federation/groups"
    return url_for("shell.home")


@bp.route("/your-networks")
@login_required
def choose_network():
    return render_template("shell/choose_network.html", networks=networks_of(db.session.get(User, current_user.id)))


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    user = db.session.get(User, current_user.id)
    user.session_token = __import__("secrets").token_hex(16)  # invalidates every copy of the cookie
    db.session.commit()
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("shell.home"))


@bp.route("/account")
@login_required
def account():
    user = db.session.get(User, current_user.id)
    mine = memberships_of(user.id)
    memberships = sorted(
        db.session.scalars(select(mine).where(mine.user_id == user.id).options(joinedload(mine.network))),
        key=lambda m: m.network.name,
    )
    with platform_scope():  # a person's tokens in every network (row-level security: a grant)
        tokens = db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc())
        ).all()
    return render_template(
        "shell/account.html",
        user=user,
        memberships=memberships,
        role_labels=ROLE_LABELS,
        tokens=tokens,
        confirm=ConfirmForm(),
    )


@bp.route("/switch-network")
@login_required
def switch_network():
    slug = request.args.get("network", "")
    if slug:
        return redirect(url_for("network.home", network_slug=slug))
    return redirect(url_for("shell.home"))


@network_bp.route("/", endpoint="home")
@routing.public  # members see their dashboard; everyone else the network's public links
def network_home():
    network = g.network
    roles = routing.roles()
    if not roles and public_home is not None:
        return public_home(network)
    panels = [p for p in (panel(network) for panel in dashboard_panels if roles & panel.linkhub_roles) if p]
    return render_template(
        "shell/network_home.html", network=network, roles=sorted(roles), panels=panels, role_labels=ROLE_LABELS
    )


def init_app(app) -> None:
    from . import service_feedback

    app.register_blueprint(bp)
    app.register_blueprint(network_bp)
    app.register_blueprint(service_feedback.bp)
    app.register_blueprint(service_feedback.operator_bp)
    app.before_request(_authenticate_bearer)
    app.before_request(routing.run_lifecycle)  # who -> what -> body, for every endpoint
    app.teardown_request(routing.leave_network)
    app.context_processor(_template_globals)
    security.init_app(app)  # CSP with a nonce, HSTS, no-store when signed in
    app.after_request(whois.touch_token)


def _authenticate_bearer():
    principal()  # a bad bearer token is a 401 on every route, not only on those that ask
    return None


def _template_globals():
    who = principal()
    my_networks = who.networks() if who.user is not None and who.token is None else []
    return {
        "principal": who,
        "my_networks": my_networks,
        "current_network": g.get("network"),
        "service_name": current_app.config["SERVICE_NAME"],
        "network_nav": network_nav,
        "public_links": public_links,
    }
