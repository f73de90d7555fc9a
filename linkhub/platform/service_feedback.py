"""Feedback about LINkHub itself: the beta banner links to a form whose answers the platform
operator reads (``/operator/service-feedback``). Anyone may send it, signed in or not; it is
rate limited like the other public forms and keeps no more than it is given."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from . import audit, routing
from .db import db
from .extensions import limiter
from .forms import ServiceFeedbackForm
from .models import ServiceFeedback
from .security import same_site_path

bp = Blueprint("service_feedback", __name__)
operator_bp = Blueprint("operator_feedback", __name__, url_prefix="/operator/service-feedback")
operator_bp.before_request(routing.operators_only)


def _same_site_path(value: str) -> str:
    path = same_site_path(value)
    return urlsplit(path).path[:300] if path else ""


def record(*, message: str, reply_to: str = "", page: str = "", user_id: int | None = None) -> ServiceFeedback:
    """The one write: a row for the operator (and an audit line without the message)."""
    item = ServiceFeedback(
        message=message.strip(), reply_to=(reply_to or "").strip().lower(), page=_same_site_path(page), user_id=user_id
    )
    db.session.add(item)
    db.session.flush()
    audit.record("service_feedback.received", "service_feedback", item.id, network_id=None)
    return item


@bp.route("/service-feedback", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@routing.public  # anyone may tell us what they think, signed in or not
def give():
    form = ServiceFeedbackForm(page=request.args.get("from", ""))
    if form.validate_on_submit():
        record(
            message=form.message.data,
            reply_to=form.reply_to.data or "",
            page=form.page.data or "",
            user_id=current_user.id if current_user.is_authenticated else None,
        )
        db.session.commit()
        flash("Thank you: your feedback has been sent to the team that runs LINkHub.", "success")
        return redirect(_same_site_path(form.page.data) or url_for("shell.home"))
    return render_template("shell/service_feedback.html", form=form)


@operator_bp.route("/")
def index():
    rows = db.session.scalars(select(ServiceFeedback).order_by(ServiceFeedback.id.desc()).limit(200)).all()
    return render_template("operator/service_feedback.html", items=rows)
