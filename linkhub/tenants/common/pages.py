"""One way for every form page of the tenant domains: validate, call the
service, commit once, or show the service's refusal against its field (nothing half-written)."""

from __future__ import annotations

from flask import flash, redirect, render_template

from linkhub.platform.db import db
from linkhub.platform.services import ServiceError


def form_page(
    form,
    action,
    *,
    success: str,
    then,
    title: str,
    back: str,
    caption: str = "",
    template: str = "shell/form.html",
    **context,
):
    """``action()`` changes state; ``then(result)`` gives the URL to go to afterwards."""
    problem = None
    if form.validate_on_submit():
        try:
            result = action()
            db.session.commit()
            flash(success, "success")
            return redirect(then(result))
        except ServiceError as exc:
            db.session.rollback()
            field = getattr(form, exc.field, None) if exc.field else None
            if field is not None:
                field.errors = list(field.errors) + [exc.message]
            else:
                problem = exc.message
    return render_template(template, form=form, title=title, back=back, caption=caption, problem=problem, **context)


def button(action, *, success: str, then: str):
    """A POST that is only a button (CSRF-checked by the form): run, commit, or flash the refusal."""
    from .forms import ConfirmForm  # forms import models; pages stay import-light

    form = ConfirmForm()
    if not form.validate_on_submit():
        flash("The form had expired. Try again.", "error")
        return redirect(then)
    try:
        action()
        db.session.commit()
        flash(success, "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(then)
