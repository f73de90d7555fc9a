"""Operator pages: define pathways; set up working groups, add and remove member networks; publish
a new version of a group's sharing agreement. Every change goes through ``..services``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.db import db, find_by_id
from linkhub.platform.models import Network
from linkhub.platform.services import ServiceError

from .. import services
from ..forms import AgreementForm, ConfirmForm, MemberForm, PathwayForm, WorkingGroupForm
from ..models import Pathway, WorkingGroup

bp = Blueprint("federation_operator", __name__, url_prefix="/operator/federation", template_folder="../templates")


bp.before_request(routing.operators_only)


def _save(form, action, *, success, then, field: str):
    """Validate, run the service, commit and go on; a refusal lands on its field (or ``field``)."""
    if not form.validate_on_submit():
        return None
    try:
        result = action()
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        target = getattr(form, exc.field or "", None) or getattr(form, field)
        target.errors = list(target.errors) + [exc.message]
        return None
    flash(success(result), "success")
    return redirect(then(result))


def _networks() -> list[Network]:
    return db.session.scalars(select(Network).where(Network.status == "active").order_by(Network.name)).all()


def _network(slug: str) -> Network:
    network = db.session.scalar(select(Network).where(Network.slug == slug))
    if network is None:
        raise ServiceError("Choose a network from the list", field="network")
    return network


def _group_or_404(group_id: int) -> WorkingGroup:
    return find_by_id(WorkingGroup, group_id) or abort(404)


@bp.route("/")
def index():
    pathways = db.session.scalars(select(Pathway).order_by(Pathway.name)).all()
    groups = db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.name)).all()
    return render_template("federation/operator/index.html", pathways=pathways, groups=groups)


@bp.route("/pathways/new", methods=["GET", "POST"])
def new_pathway():
    form = PathwayForm()
    done = _save(
        form,
        lambda: services.create_pathway(
            name=form.name.data, description=form.description.data or "", stages=form.stage_names()
        ),
        success=lambda p: f"The {p.name} pathway has been defined with {len(p.stages)} stages.",
        then=lambda p: url_for(".index"),
        field="name",
    )
    return done or render_template(
        "federation/operator/form.html", form=form, title="Define a pathway", back=url_for(".index")
    )


@bp.route("/working-groups/new", methods=["GET", "POST"])
def new_group():
    form = WorkingGroupForm()
    networks = _networks()
    form.pathway.choices = [("", "Choose a pathway")] + [
        (p.slug, p.name) for p in db.session.scalars(select(Pathway).order_by(Pathway.name))
    ]
    form.convenor.choices = [("", "Choose the convenor network")] + [(n.slug, n.name) for n in networks]
    form.networks.choices = [(n.slug, n.name) for n in networks]

    def create():
        return services.create_working_group(
            name=form.name.data,
            region=form.region.data,
            pathway=services.pathway_by_slug(form.pathway.data),
            convenor=_network(form.convenor.data),
            members=[_network(s) for s in form.networks.data or []],
            agreement_text=form.agreement_text.data or None,
            threshold=int(form.suppression_threshold.data),
        )

    done = _save(
        form,
        create,
        success=lambda g: f"{g.name} has been set up.",
        then=lambda g: url_for(".group", group_id=g.id),
        field="name",
    )
    return done or render_template(
        "federation/operator/form.html", form=form, title="Set up a working group", back=url_for(".index")
    )


def _group_page(group: WorkingGroup, form: MemberForm | None = None):
    form = form or MemberForm()
    members = group.member_network_ids
    form.network.choices = [("", "Choose a network")] + [(n.slug, n.name) for n in _networks() if n.id not in members]
    return render_template("federation/operator/group.html", group=group, form=form)


@bp.route("/working-groups/<int:group_id>")
def group(group_id: int):
    return _group_page(_group_or_404(group_id))


@bp.route("/working-groups/<int:group_id>/members", methods=["POST"])
def add_member(group_id: int):
    group = _group_or_404(group_id)
    form = MemberForm()
    form.network.choices = [(n.slug, n.name) for n in _networks()]
    done = _save(
        form,
        lambda: services.add_member(group, _network(form.network.data), current_user),
        success=lambda m: (
            f"{m.network.name} has joined {group.name}. Its admin must accept the agreement before it shares."
        ),
        then=lambda m: url_for(".group", group_id=group.id),
        field="network",
    )
    return done or _group_page(group, form)


@bp.route("/working-groups/<int:group_id>/members/<int:network_id>/remove", methods=["GET", "POST"])
def remove_member(group_id: int, network_id: int):
    group = _group_or_404(group_id)
    network = find_by_id(Network, network_id)
    if network is None or network.id not in group.member_network_ids:
        abort(404)
    form = ConfirmForm()
    done = _save(
        form,
        lambda: services.remove_member(group, network, current_user),
        success=lambda _: f"{network.name} has left {group.name}.",
        then=lambda _: url_for(".group", group_id=group.id),
        field="submit",
    )
    return done or render_template("federation/operator/remove_member.html", group=group, network=network, form=form)


@bp.route("/working-groups/<int:group_id>/agreements/new", methods=["GET", "POST"])
def new_agreement(group_id: int):
    group = _group_or_404(group_id)
    form = AgreementForm()
    if not form.is_submitted() and group.current_agreement:
        form.text.data = group.current_agreement.text
        form.suppression_threshold.data = str(group.current_agreement.suppression_threshold)
    done = _save(
        form,
        lambda: services.publish_agreement(group, form.text.data, int(form.suppression_threshold.data)),
        success=lambda a: (
            f"Version {a.version} of the agreement is published. Each member network's admin "
            "must accept it before their network shares again."
        ),
        then=lambda a: url_for(".group", group_id=group.id),
        field="text",
    )
    return done or render_template(
        "federation/operator/form.html",
        form=form,
        back=url_for(".group", group_id=group.id),
        title="Publish a new version of the sharing agreement",
        caption=group.name,
    )
