"""Pages of the register of members and participants: the public "ask to join" form (no
account; rate limited, with a honeypot), and for staff the register, requests waiting for
approval, a person's record with their declarations of interest, leaving with removal."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from sqlalchemy import func, select

from linkhub.platform import routing, shell
from linkhub.platform.auth import STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.extensions import limiter
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.pages import button, form_page
from linkhub.tenants.directory.models import Provider

from . import services
from .forms import DeclineForm, InterestForm, JoinForm, LeaveForm, PersonForm, RenewForm
from .models import INVOLVEMENT, KINDS, STATUS_TAGS, STATUSES, Interest, Person

bp = routing.network_blueprint("members", __name__, "/members", template_folder="templates")


def _nav(network, roles):
    if roles & STAFF_ROLES:
        return [{"href": url_for("members.index", network_slug=network.slug), "text": "Members"}]
    return []


shell.nav_providers.append(_nav)


def _public_links(network):
    return [{"href": url_for("members.join", network_slug=network.slug), "text": "Join the LINk"}]


shell.public_link_providers.append(_public_links)


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@routing.public
def join():
    """Anyone may ask to join, as an individual or an organisation; staff approve."""
    form = JoinForm()
    if form.validate_on_submit():
        if form.website.data:  # a bot filled the honeypot: answer as if received, store nothing
            session["join_ref"] = "RECEIVED"
            return redirect(url_for("members.joined"))
        try:
            person = services.apply_to_join(
                consent=form.consent.data,
                works_for_nhs=form.works_for_nhs.data == "yes",
                employer=form.employer.data or "",
                job_role=form.job_role.data or "",
                **form.values(),
            )
            reference = person.reference
            db.session.commit()
            session["join_ref"] = reference
            return redirect(url_for("members.joined"))
        except ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field if hasattr(form, exc.field or "") else "name").errors.append(exc.message)
    return render_template("members/join.html", form=form)


@bp.route("/join/thanks")
@routing.public
def joined():
    return render_template("members/joined.html", reference=session.pop("join_ref", None))


@bp.route("/")
@routing.require_roles(STAFF_ROLES)
def index():
    status = request.args.get("status", "active")
    query = select(Person).order_by(func.lower(Person.name), Person.id)
    if status in STATUSES:
        query = query.where(Person.status == status)
    counts = dict(db.session.execute(select(Person.status, func.count()).group_by(Person.status)).all())
    return render_template(
        "members/index.html",
        people=db.session.scalars(query).all(),
        status=status,
        statuses=STATUSES,
        counts=counts,
        tags=STATUS_TAGS,
    )


@bp.route("/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new():
    form = PersonForm()
    return form_page(
        form,
        lambda: services.add_person(
            consent_to_contact=form.consent_to_contact.data, notes=form.notes.data or "", **form.values()
        ),
        success="The person has been added to the register.",
        then=lambda p: url_for("members.person", person_id=p.id),
        title="Add a member or participant",
        back=url_for("members.index"),
    )


@bp.route("/<int:person_id>")
@routing.require_roles(STAFF_ROLES)
def person(person_id: int):
    found = routing.get_or_404(Person, person_id)
    interests = db.session.scalars(select(Interest).where(Interest.person_id == found.id).order_by(Interest.id)).all()
    return render_template(
        "members/person.html",
        person=found,
        interests=interests,
        kinds=KINDS,
        involvement=INVOLVEMENT,
        tags=STATUS_TAGS,
        decline_form=DeclineForm(),
    )


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def edit(person_id: int):
    found = routing.get_or_404(Person, person_id)
    if found.status == "left":
        return redirect(url_for("members.person", person_id=found.id))
    form = PersonForm(obj=found)
    return form_page(
        form,
        lambda: services.update_person(
            found, consent_to_contact=form.consent_to_contact.data, notes=form.notes.data or "", **form.values()
        ),
        success="The details have been saved.",
        then=lambda p: url_for("members.person", person_id=p.id),
        title=f"Change {found.display_name}",
        back=url_for("members.person", person_id=found.id),
    )


@bp.route("/<int:person_id>/approve", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def approve(person_id: int):
    found = routing.get_or_404(Person, person_id)
    return button(
        lambda: services.approve(found),
        success=f"{found.name} is now an active {found.involvement}.",
        then=url_for("members.person", person_id=found.id),
    )


@bp.route("/<int:person_id>/invite", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def invite(person_id: int):
    """Invite the person to sign in as a member (the People page's invitation by e-mail)."""
    from flask_login import current_user

    from linkhub.platform.models import User

    found = routing.get_or_404(Person, person_id)
    return button(
        lambda: services.invite_to_sign_in(found, routing.current_network(), by=db.session.get(User, current_user.id)),
        success=f"We have sent {found.display_name} an invitation to sign in.",
        then=url_for("members.person", person_id=found.id),
    )


@bp.route("/<int:person_id>/decline", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def decline(person_id: int):
    found = routing.get_or_404(Person, person_id)
    form = DeclineForm()
    return form_page(
        form,
        lambda: services.decline(found, form.reason.data or ""),
        success="The request to join has been declined.",
        then=lambda p: url_for("members.person", person_id=p.id),
        title=f"Decline the request from {found.name}",
        back=url_for("members.person", person_id=found.id),
    )


@bp.route("/<int:person_id>/leave", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def leave(person_id: int):
    found = routing.get_or_404(Person, person_id)
    form = LeaveForm()
    return form_page(
        form,
        lambda: services.leave(found, remove_details=form.remove_details.data),
        success="The person has left the LINk.",
        then=lambda p: url_for("members.person", person_id=p.id),
        title=f"{found.display_name} is leaving",
        back=url_for("members.person", person_id=found.id),
        intro="What they did (decisions they took part in, task groups) stays on record.",
    )


def _providers() -> list[tuple[int, str]]:
    return [(0, "Not about one provider")] + [
        (p.id, p.name) for p in db.session.scalars(select(Provider).order_by(Provider.name))
    ]


@bp.route("/<int:person_id>/interests/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def declare(person_id: int):
    found = routing.get_or_404(Person, person_id)
    form = InterestForm()
    form.provider_id.choices = _providers()
    return form_page(
        form,
        lambda: services.declare_interest(
            found,
            employer=form.employer.data,
            role=form.role.data or "",
            interest=form.interest.data,
            provider_id=form.provider_id.data or None,
            declared_on=form.declared_on.data,
        ),
        success="The declaration of interest has been recorded.",
        then=lambda i: url_for("members.person", person_id=found.id),
        title=f"Declare an interest for {found.display_name}",
        back=url_for("members.person", person_id=found.id),
    )


@bp.route("/interests/<int:interest_id>/renew", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def renew(interest_id: int):
    found = routing.get_or_404(Interest, interest_id)
    form = RenewForm()
    return form_page(
        form,
        lambda: services.renew_interest(found, still_current=form.still_current.data == "yes"),
        success="The declaration has been reviewed.",
        then=lambda i: url_for("members.person", person_id=i.person_id),
        title="Review a declaration of interest",
        caption=found.summary(),
        back=url_for("members.person", person_id=found.person_id),
    )


@bp.route("/interests")
@routing.require_roles(STAFF_ROLES)
def interests():
    """The conflicts of interest register: every current declaration, soonest review first."""
    rows = services.current_interests(list(db.session.scalars(select(Person.id).where(Person.status == "active"))))
    return render_template("members/interests.html", rows=sorted(rows, key=lambda i: i.renew_by))
