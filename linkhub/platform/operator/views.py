"""The operator area: tenants, users, the outbox and its dead letters, the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import func, select

from .. import audit_words, outbox, routing, services
from ..db import db, find_by_id
from ..forms import ConfirmForm, NetworkForm
from ..models import ROLE_LABELS, AuditEvent, Membership, Network, OutboxEvent, User
from ..tenancy import platform_scope

bp = Blueprint("operator", __name__, url_prefix="/operator")
PER_PAGE = 50


bp.before_request(routing.operators_only)


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


@bp.route("/")
def index():
    counts = {
        "networks": db.session.scalar(select(func.count(Network.id))),
        "suspended": db.session.scalar(select(func.count(Network.id)).where(Network.status == "suspended")),
        "users": db.session.scalar(select(func.count(User.id))),
    }
    return render_template("operator/index.html", counts=counts, outbox=outbox.status_counts())


@bp.route("/networks")
def networks():
    rows = db.session.scalars(select(Network).order_by(Network.name)).all()
    admins = dict(
        db.session.execute(
            select(Membership.network_id, func.count())
            .where(Membership.role == "network_admin")
            .group_by(Membership.network_id)
        ).all()
    )
    return render_template("operator/networks.html", networks=rows, form=None, confirm=ConfirmForm(), admins=admins)


@bp.route("/networks/new", methods=["GET", "POST"])
def new_network():
    form = NetworkForm()
    if form.validate_on_submit():
        try:
            network = services.create_network(
                slug=form.slug.data,
                name=form.name.data,
                local_authority=form.local_authority.data,
                region=form.region.data,
                host_organisation=form.host_organisation.data,
            )
            db.session.commit()
            flash(f"{network.name} has been created.", "success")
            return redirect(url_for("operator.networks"))
        except services.ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field or "name").errors.append(exc.message)
    return render_template("operator/network_form.html", form=form)


@bp.route("/networks/<int:network_id>/status", methods=["POST"])
def network_status(network_id: int):
    network = db.session.get(Network, network_id) or abort(404)
    form = ConfirmForm()
    target = request.form.get("status", "")
    if not form.validate_on_submit() or target not in ("active", "suspended"):
        abort(400, "Choose whether to suspend or reactivate the network.")
    services.set_network_status(network, target)
    db.session.commit()
    flash(f"{network.name} is now {'suspended' if target == 'suspended' else 'active'}.", "success")
    return redirect(url_for("operator.networks"))


@bp.route("/users")
def users():
    rows = db.session.scalars(select(User).order_by(User.name).limit(PER_PAGE).offset((_page() - 1) * PER_PAGE)).all()
    memberships = db.session.execute(
        select(Membership.user_id, Network.name, Membership.role).join(Network, Network.id == Membership.network_id)
    ).all()
    by_user: dict[int, list] = {}
    for user_id, network_name, role in memberships:
        by_user.setdefault(user_id, []).append(f"{network_name}: {ROLE_LABELS[role]}")
    return render_template("operator/users.html", users=rows, by_user=by_user, role_labels=ROLE_LABELS, page=_page())


@bp.route("/outbox")
def outbox_page():
    with platform_scope():
        dead = db.session.scalars(
            select(OutboxEvent).where(OutboxEvent.status == "dead").order_by(OutboxEvent.id.desc()).limit(PER_PAGE)
        ).all()
        recent = db.session.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc()).limit(20)).all()
    return render_template(
        "operator/outbox.html", counts=outbox.status_counts(), dead=dead, recent=recent, confirm=ConfirmForm()
    )


@bp.route("/outbox/retry", methods=["POST"])
def outbox_retry():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ids = [int(i) for i in request.form.getlist("outbox_id") if i.isdigit()]
    count = outbox.retry(ids or None)
    flash(f"{count} dead letter{'s' if count != 1 else ''} sent again.", "success")
    return redirect(url_for("operator.outbox_page"))


@bp.route("/audit")
def audit_log():
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    network = request.args.get("network", "")
    if network:
        query = query.join(Network, Network.id == AuditEvent.network_id).where(Network.slug == network)
    rows = db.session.scalars(query.limit(PER_PAGE).offset((_page() - 1) * PER_PAGE)).all()
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    return render_template(
        "operator/audit.html",
        events=rows,
        page=_page(),
        networks=networks,
        selected=network,
        sentence=audit_words.sentence,
        names=audit_words.names_of(rows),
    )


@bp.route("/networks/<int:network_id>/suspend")
def confirm_suspend(network_id: int):
    """Suspending stops a whole network: a page that says what happens, then the red button."""
    network = find_by_id(Network, network_id) or abort(404)
    return render_template("operator/suspend.html", network=network, confirm=ConfirmForm())


@bp.route("/networks/<int:network_id>/first-admin", methods=["GET", "POST"])
def first_admin(network_id: int):
    """A new network's first admin: the same invitation a network admin sends (accepted by the person)."""
    from flask_login import current_user

    from .. import people
    from ..accounts.forms import FirstAdminForm

    network = find_by_id(Network, network_id) or abort(404)
    form = FirstAdminForm()
    if form.validate_on_submit():
        try:
            invitation, _ = people.invite(
                network, email=form.email.data, role="network_admin", invited_by=db.session.get(User, current_user.id)
            )
            db.session.commit()
            flash(
                Markup("We have sent an invitation to {} to be the network admin of {}.").format(
                    invitation.email, network.name
                ),
                "success",
            )
            return redirect(url_for("operator.networks"))
        except services.ServiceError as exc:
            db.session.rollback()
            form.email.errors = list(form.email.errors) + [exc.message]
    return render_template("operator/first_admin.html", form=form, network=network)


# --- handing a LINk over (handover.py) ---------------------------------------------------------


@bp.route("/networks/<int:network_id>/handover", methods=["GET", "POST"])
def handover(network_id: int):
    """Move a LINk to a new host: its records and history stay; the old host's staff lose access
    on the date chosen."""
    from flask_login import current_user

    from .. import handover as handing
    from ..forms import HandOverForm

    network = find_by_id(Network, network_id) or abort(404)
    memberships = db.session.scalars(
        select(Membership).where(Membership.network_id == network.id).order_by(Membership.role, Membership.id)
    ).all()
    form = HandOverForm()
    form.membership_ids.choices = [
        (m.id, f"{m.user.name} ({m.user.email}), {ROLE_LABELS.get(m.role, m.role).lower()}") for m in memberships
    ]
    if request.method == "GET":
        form.membership_ids.data = [m.id for m in memberships if m.role in ("network_admin", "staff")]
    if form.validate_on_submit():
        try:
            handing.hand_over(
                network,
                new_host=form.new_host.data,
                access_ends_on=form.access_ends_on.data,
                membership_ids=form.membership_ids.data or [],
                note=form.note.data or "",
                by=db.session.get(User, current_user.id),
            )
            db.session.commit()
            flash(f"{network.name} is now hosted by {network.host_organisation}.", "success")
            return redirect(url_for("operator.networks"))
        except services.ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field or "new_host").errors.append(exc.message)
    return render_template("operator/handover.html", form=form, network=network, history=handing.host_history(network))


@bp.route("/networks/<int:network_id>/export.zip")
def export(network_id: int):
    """The LINk's whole data as a documented ZIP of JSON and CSV plus files (handover.py)."""
    from flask import Response
    from flask_login import current_user

    from .. import handover as handing

    network = find_by_id(Network, network_id) or abort(404)
    data = handing.export_network(network, by=db.session.get(User, current_user.id))
    db.session.commit()
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{network.slug}-export.zip"'
    return response


@bp.route("/networks/import", methods=["GET", "POST"])
def import_network():
    from flask_login import current_user

    from .. import handover as handing
    from ..forms import ImportForm

    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if upload is None or not getattr(upload, "filename", ""):
                raise services.ServiceError("Choose the export file", field="file")
            network = handing.import_network(
                upload.read(), slug=form.slug.data or None, by=db.session.get(User, current_user.id)
            )
            name = network.name
            db.session.commit()
            flash(f"{name} has been imported.", "success")
            return redirect(url_for("operator.networks"))
        except services.ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field if exc.field in ("file", "slug") else "file").errors.append(exc.message)
    return render_template("operator/import.html", form=form)
