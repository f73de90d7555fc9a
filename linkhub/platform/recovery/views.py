"""Pages: ask for a reset link, the link's page to choose a new password.

The secret travels in the query string (``?token=``), which the access log never records, and
the pages say ``Referrer-Policy: no-referrer`` and ``Cache-Control: no-store``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from linkhub.platform import routing
from linkhub.platform.db import db
from linkhub.platform.extensions import limiter
from linkhub.platform.security import external_url_for
from linkhub.platform.services import ServiceError

from . import services
from .forms import AskForm, NewPasswordForm

bp = Blueprint("recovery", __name__, url_prefix="/password-reset", template_folder="templates")


def reset_limit() -> str:
    return current_app.config.get("PASSWORD_RESET_RATE_LIMIT", "5 per hour")


@bp.after_request
def _private(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/", methods=["GET", "POST"])
@routing.public  # for people who cannot sign in
@limiter.limit(reset_limit, methods=["POST"])
def ask():
    form = AskForm()
    if form.validate_on_submit():
        services.request_reset(form.email.data, lambda secret: external_url_for("recovery.choose", token=secret))
        db.session.commit()
        return redirect(url_for("recovery.sent"))
    return render_template("recovery/ask.html", form=form)


@bp.route("/sent")
@routing.public
def sent():
    return render_template("recovery/sent.html")


@bp.route("/new", methods=["GET", "POST"])
@routing.public  # the link's secret is the caller's proof
@limiter.limit(reset_limit, methods=["POST"])
def choose():
    form = NewPasswordForm()
    secret = request.args.get("token", "") or (form.token.data or "")
    if services.find(secret) is None:
        db.session.rollback()
        return render_template("recovery/expired.html"), 410
    form.token.data = secret
    if form.validate_on_submit():
        try:
            services.reset_password(secret, form.password.data)
        except ServiceError as exc:
            db.session.rollback()
            if exc.field == "token":
                return render_template("recovery/expired.html"), 410
            form.password.errors = list(form.password.errors) + [exc.message]
        else:
            db.session.commit()
            flash("Your password has been changed. Sign in with your new password.", "success")
            return redirect(url_for("shell.sign_in"))
    return render_template("recovery/choose.html", form=form)
