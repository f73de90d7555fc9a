"""Pages of the service directory: members read it, staff add to it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linkhub.platform import routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError

from . import services
from .forms import ProviderForm, ServiceForm
from .models import Provider

bp = routing.network_blueprint("directory", __name__, "/directory", template_folder="templates")


def _nav(network, roles):
    return [{"href": url_for("directory.index", network_slug=network.slug), "text": "Service directory"}]


shell.nav_providers.append(_nav)


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    providers = db.session.scalars(
        select(Provider).options(selectinload(Provider.services)).order_by(Provider.name)
    ).all()
    identifier = request.args.get("identifier", "").strip()[:20]
    found = services.find_by_identifier(identifier) if identifier else None
    return render_template(
        "directory/index.html",
        providers=providers,
        identifier=identifier,
        found=found,
        can_edit=bool(routing.roles() & STAFF_ROLES),
    )


@bp.route("/providers/<int:provider_id>")
@routing.require_roles(MEMBER_ROLES)
def provider(provider_id: int):
    return render_template("directory/provider.html", provider=routing.get_or_404(Provider, provider_id))


@bp.route("/providers/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_provider():
    form = ProviderForm()
    if form.validate_on_submit():
        try:
            created = services.add_provider(name=form.name.data, kind=form.kind.data)
            db.session.commit()
            flash(f"{created.name} has been added to the directory.", "success")
            return redirect(url_for("directory.provider", provider_id=created.id))
        except ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
    return render_template("directory/provider_form.html", form=form)


@bp.route("/services/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_service():
    form = ServiceForm()
    form.provider_id.choices = [(0, "Choose a provider")] + [
        (p.id, p.name) for p in db.session.scalars(select(Provider).order_by(Provider.name))
    ]
    if form.validate_on_submit():
        try:
            created = services.add_service(
                provider_id=form.provider_id.data,
                name=form.name.data,
                service_type=form.service_type.data,
                location=form.location.data or "",
                ods_code=form.ods_code.data,
                cqc_location_id=form.cqc_location_id.data,
            )
            db.session.commit()
            flash(f"{created.name} has been added.", "success")
            return redirect(url_for("directory.provider", provider_id=created.provider_id))
        except ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
    return render_template("directory/service_form.html", form=form)
