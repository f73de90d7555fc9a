"""Pages: the public "Share your views" form, and staff pages for feedback and contacts."""

from __future__ import annotations

import re

import io

from flask import Response, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from linkhub.platform import audit, keyset, routing, shell
from linkhub.platform.api import count_label
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.extensions import limiter
from linkhub.platform.forms import ConfirmForm
from linkhub.platform.services import ServiceError
from linkhub.tenants.directory.models import Service
from linkhub.tenants.equality import services as equality

from . import dashboard  # noqa: F401  registers the dashboard panel
from . import services
from .services import rights
from .forms import FeedbackForm, ImportForm, MergeForm, StaffFeedbackForm
from .services.importer import COLUMNS, import_feedback, keep_checked_file, take_checked_file
from .models import CHANNELS, THEMES, Contact, Feedback
from .privacy import text_for

bp = routing.network_blueprint("feedback", __name__, "/feedback", template_folder="templates")
PER_PAGE = 25


def _nav(network, roles):
    return [{"href": url_for("feedback.index", network_slug=network.slug), "text": "Feedback"}]


def _public_links(network):
    return [
        {"href": url_for("feedback.new", network_slug=network.slug), "text": "Share your views about a care service"}
    ]


shell.nav_providers.append(_nav)
shell.public_link_providers.append(_public_links)


def _service_choices():
    rows = db.session.execute(select(Service.id, Service.name).order_by(Service.name)).all()
    return [(0, "Choose a service")] + [(i, n) for i, n in rows]


def _item(form) -> dict:
    """The fields of a feedback form, as the services take them (without the channel)."""
    return dict(
        what_happened=form.what_happened.data,
        theme=form.theme.data,
        service_id=form.service_id.data or None,
        service_text=form.service_text.data or "",
        rating=form.rating.data or None,
        happened_month=form.happened_month(),
        contact_name=form.name.data or "",
        email=form.email.data,
        phone=form.phone.data,
        consent_to_contact=form.consent_to_contact.data,
        equality={},  # the census answers are stored apart (tenants/equality): _equality
    )


def _equality(form) -> None:
    """The person's equality answers, apart from the feedback and only with their consent."""
    equality.record_response(form.equality_answers(), consent=form.equality_consent.data, source="feedback")


def _save(form, channel: str, entered_by=None):
    """The feedback, and (apart from it, only with consent) the person's equality answers."""
    _equality(form)
    return services.record_feedback(channel=channel, entered_by=entered_by, **_item(form))


@bp.route("/new", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@routing.public
def new():
    """Anyone may give their views; no account needed; contact details are optional."""
    form = FeedbackForm()
    # Posting, the service is checked by record_feedback (it must be in this network's directory),
    # so the list of choices is read only to show the form.
    form.service_id.validate_choice = request.method != "POST"
    if form.validate_on_submit():
        if form.website.data:  # a bot filled the honeypot: answer as if stored, store nothing
            return redirect(url_for("feedback.thanks", ref="RECEIVED"))
        try:
            _equality(form)
            reference = services.record_web_feedback(**_item(form), channel="web")
            thanks = url_for("feedback.thanks")  # nothing to reload after commit
            db.session.commit()
            session["feedback_ref"] = reference
            return redirect(thanks)
        except ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field if hasattr(form, exc.field or "") else "what_happened").errors.append(exc.message)
    form.service_id.choices = _service_choices()
    return render_template("feedback/new.html", form=form)


_REFERENCE_SHAPE = re.compile(r"[A-Z0-9-]{1,32}")


@bp.route("/thanks")
@routing.public
def thanks():
    reference = session.pop("feedback_ref", None) or request.args.get("ref")
    if reference is not None and not _REFERENCE_SHAPE.fullmatch(reference):
        reference = None  # a link someone else made: show no text of theirs at all
    return render_template("feedback/thanks.html", reference=reference)


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    query = select(Feedback).order_by(Feedback.received_at.desc(), Feedback.id.desc())
    channel, theme = request.args.get("channel", ""), request.args.get("theme", "")
    if channel in CHANNELS:
        query = query.where(Feedback.channel == channel)
    if theme in THEMES:
        query = query.where(Feedback.theme == theme)
    # By keyset, so the 2,000th page costs what the first does; the count stops at 1,000.
    page = keyset.html_page(
        db.session,
        query.options(selectinload(Feedback.service)),
        PER_PAGE,
        request.args.get("after"),
        request.args.get("before"),
    )
    count = count_label(
        db.session, query.where(Feedback.network_id == routing.current_network().id), "pieces of feedback"
    )
    return render_template(
        "feedback/index.html",
        rows=page.rows,
        page=page,
        count=count,
        channels=CHANNELS,
        themes=THEMES,
        channel=channel,
        theme=theme,
        is_staff=bool(routing.roles() & STAFF_ROLES),
    )


@bp.route("/<int:feedback_id>")
@routing.require_roles(MEMBER_ROLES)
def show(feedback_id: int):
    feedback = routing.get_or_404(Feedback, feedback_id)
    # Contact details are for staff only, never members or the public; members read the text
    # with personal details scrubbed, host staff the original. Staff viewing a contact is recorded.
    is_staff = bool(routing.roles() & STAFF_ROLES)
    if is_staff and feedback.contact_id:
        audit.record_view("feedback.contact_viewed", "feedback", feedback.reference)
    return render_template(
        "feedback/show.html",
        feedback=feedback,
        is_staff=is_staff,
        what_happened=text_for(feedback.what_happened, is_staff),
    )


@bp.route("/record", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def record():
    """Staff enter feedback that came by phone, at an event, by e-mail, survey, visit or letter."""
    form = StaffFeedbackForm()
    form.service_id.choices = _service_choices()
    if form.validate_on_submit():
        try:
            feedback = _save(form, form.channel.data, entered_by=current_user)
            db.session.commit()
            flash(f"Feedback {feedback.reference} has been saved.", "success")
            return redirect(url_for("feedback.show", feedback_id=feedback.id))
        except ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field if hasattr(form, exc.field or "") else "what_happened").errors.append(exc.message)
    return render_template("feedback/record.html", form=form)


@bp.route("/import", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def import_csv():
    """Upload: a dry run first (preview and line errors); the checked file is kept, so the
    "Import" button imports it without choosing it again."""
    form = ImportForm()
    result, kept_token = None, None
    if request.method == "POST" and request.form.get("confirm"):
        kept = take_checked_file(request.form["confirm"], current_user.id)
        if kept is None:
            form.file.errors = ["The checked file has expired or was imported already: choose the file again"]
        else:
            result = import_feedback(io.BytesIO(kept.content), dry_run=False, entered_by=current_user)
            if result.ok:
                db.session.commit()
                flash(
                    ngettext(
                        "%(count)s piece of feedback has been imported.",
                        "%(count)s pieces of feedback have been imported.",
                        result.rows,
                        count=f"{result.rows:,}",
                    ),
                    "success",
                )
                return redirect(url_for("feedback.index"))
    elif form.validate_on_submit():
        content = form.file.data.read()
        result = import_feedback(io.BytesIO(content), dry_run=True, entered_by=current_user)
        if result.ok:
            kept_token = keep_checked_file(content, form.file.data.filename or "", result.rows, current_user.id)
            db.session.commit()
    return render_template("feedback/import.html", form=form, result=result, columns=COLUMNS, kept_token=kept_token)


@bp.route("/contacts")
@routing.require_roles(STAFF_ROLES)
def contacts():
    # Recorded first: recording commits, and rows read before it would be reloaded one by one.
    audit.record_view("contacts.listed", "contact", None)
    rows = db.session.execute(
        select(Contact, func.count(Feedback.id))
        .outerjoin(Feedback, (Feedback.contact_id == Contact.id) & (Feedback.network_id == Contact.network_id))
        .where(Contact.merged_into_id.is_(None))
        .group_by(Contact.id)
        .order_by(Contact.name, Contact.id)
        .limit(500)
    ).all()
    return render_template("feedback/contacts.html", rows=rows)


@bp.route("/contacts/<int:contact_id>", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def contact(contact_id: int):
    person = routing.get_or_404(Contact, contact_id)
    form = MergeForm()
    others = db.session.scalars(
        select(Contact).where(Contact.id != person.id, Contact.merged_into_id.is_(None)).order_by(Contact.name)
    ).all()
    form.duplicate_id.choices = [(0, "Choose a contact")] + [
        (c.id, f"{c.name or 'No name'} – {c.email or c.phone}") for c in others
    ]
    if form.validate_on_submit():
        duplicate = routing.get_or_404(Contact, form.duplicate_id.data)
        services.merge_contacts(person, duplicate)
        db.session.commit()
        flash("The contacts have been merged.", "success")
        return redirect(url_for("feedback.contact", contact_id=person.id))
    items = db.session.scalars(
        select(Feedback)
        .where(Feedback.contact_id == person.id)
        .options(selectinload(Feedback.service))
        .order_by(Feedback.received_at.desc())
    ).all()
    audit.record_view("contact.viewed", "contact", person.id)
    return render_template("feedback/contact.html", person=person, items=items, form=form)


@bp.route("/contacts/<int:contact_id>/export.json")
@routing.require_roles(STAFF_ROLES)
def contact_export_json(contact_id: int):
    return _contact_export(contact_id, "json")


@bp.route("/contacts/<int:contact_id>/export.csv")
@routing.require_roles(STAFF_ROLES)
def contact_export_csv(contact_id: int):
    return _contact_export(contact_id, "csv")


def _contact_export(contact_id: int, kind: str):
    """Everything held about the person (a subject access request), to hand to them."""
    person = routing.get_or_404(Contact, contact_id)
    data = rights.export(person, audit_as=kind)
    db.session.commit()
    name = f"contact-{person.id}.{kind}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    if kind == "json":
        response = jsonify(data)
        response.headers.update(headers)
        return response
    return Response(rights.export_csv(data), mimetype="text/csv", headers=headers)


@bp.route("/contacts/<int:contact_id>/erase", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def contact_erase(contact_id: int):
    """Check, then erase: the person goes, their feedback stays counted."""
    person = routing.get_or_404(Contact, contact_id)
    form = ConfirmForm()
    form.submit.label.text = "Erase this person's data"
    count = db.session.scalar(select(func.count()).select_from(Feedback).where(Feedback.contact_id == person.id))
    error = None
    if form.validate_on_submit():
        try:
            rights.erase(person)
        except ServiceError as exc:
            db.session.rollback()
            error = exc.message
        else:
            db.session.commit()
            flash("The person's data has been erased. Their feedback is kept without them.", "success")
            return redirect(url_for("feedback.contact", contact_id=person.id))
    return render_template("feedback/contact_erase.html", person=person, form=form, count=count, error=error)
