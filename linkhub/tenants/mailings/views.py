"""Mailing pages.

Public (no account): sign up for the newsletter (confirmed by e-mail; rate-limited, with a
honeypot, no tracking), the confirmation link, and the unsubscribe link: a GET shows a page with
one button (so a mail scanner following links unsubscribes nobody) and the person's choices; a
POST unsubscribes (RFC 8058 one-click POSTs come straight from mail clients, without our CSRF
token: the signed token in the URL is what authorises them).
Signed in: your own preferences. Staff: newsletters (write in Markdown, preview, send once) and
the subscriber list.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, principal
from linkhub.platform.db import db
from linkhub.platform.extensions import csrf, limiter
from linkhub.platform.markdown import render
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.forms import ConfirmForm
from linkhub.tenants.common.pages import button

from . import services
from .forms import NewsletterForm, PreferencesForm, SubscribeForm
from .models import LISTS, MailPreference, Newsletter

bp = routing.network_blueprint("mailings", __name__, "/mail", template_folder="templates")


def _nav(network, roles):
    if roles & STAFF_ROLES:
        return [{"href": url_for("mailings.newsletters", network_slug=network.slug), "text": "Newsletters"}]
    return []


shell.nav_providers.append(_nav)


def _public_links(network):
    return [{"href": url_for("mailings.subscribe", network_slug=network.slug), "text": "Get our newsletter"}]


shell.public_link_providers.append(_public_links)


# --- public -----------------------------------------------------------------------------------


@bp.route("/subscribe", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@routing.public
def subscribe():
    form = SubscribeForm()
    if form.validate_on_submit():
        if form.website.data:  # a bot filled the honeypot: answer as for everyone, do nothing
            return redirect(url_for("mailings.check_email"))
        try:
            services.subscribe(routing.current_network(), email=form.email.data, name=form.name.data or "")
            db.session.commit()
            return redirect(url_for("mailings.check_email"))
        except ServiceError as exc:
            db.session.rollback()
            form.email.errors = list(form.email.errors) + [exc.message]
    return render_template("mailings/subscribe.html", form=form)


@bp.route("/subscribe/check-your-email")
@routing.public
def check_email():
    return render_template("mailings/check_email.html")


@bp.route("/confirm/<token>")
@routing.public
def confirm(token):
    try:
        services.confirm(routing.current_network(), token)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        return render_template("mailings/link_problem.html", message=exc.message), exc.status
    return render_template("mailings/confirmed.html")


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token authorises it; mail clients' one-click POST has no CSRF token
@limiter.limit("30 per minute", methods=["POST"])
@routing.public
def unsubscribe(token):
    network = routing.current_network()
    try:
        email, list_name = services.read_unsubscribe_token(token, network.id)
    except ServiceError as exc:
        return render_template("mailings/link_problem.html", message=exc.message), exc.status
    if request.method == "POST":
        if request.form.get("newsletter") is not None or request.form.get("digest") is not None:
            # The preferences form on this page (the same token authorises it).
            services.set_preferences(
                email=email,
                newsletter=request.form.get("newsletter") == "y",
                digest=request.form.get("digest") == "y",
            )
            db.session.commit()
            flash("Your choices have been saved.", "success")
            return redirect(url_for("mailings.unsubscribe", token=token))
        services.unsubscribe(network, token)
        db.session.commit()
        if request.form.get("List-Unsubscribe") == "One-Click":
            return "", 204  # a mail client's one-click POST wants no page
        return render_template("mailings/unsubscribed.html", list_label=LISTS[list_name], token=token)
    pref = db.session.scalar(select(MailPreference).where(MailPreference.email == email))
    return render_template(
        "mailings/unsubscribe.html",
        email=email,
        list_label=LISTS[list_name],
        pref=pref,
        token=token,
    )


# --- signed in: your own preferences ---------------------------------------------------------


@bp.route("/preferences", methods=["GET", "POST"])
@routing.require_roles(MEMBER_ROLES)
def preferences():
    email = principal().user.email
    pref = db.session.scalar(select(MailPreference).where(MailPreference.email == email.lower()))
    form = PreferencesForm()
    if request.method == "GET":
        form.newsletter.data = bool(pref and pref.subscribed)
        form.digest.data = pref.digest if pref else True
    if form.validate_on_submit():
        services.set_preferences(email=email, newsletter=form.newsletter.data, digest=form.digest.data)
        db.session.commit()
        flash("Your e-mail choices have been saved.", "success")
        return redirect(url_for("mailings.preferences"))
    return render_template("mailings/preferences.html", form=form, email=email)


# --- staff: newsletters and subscribers --------------------------------------------------------


@bp.route("/newsletters")
@routing.require_roles(STAFF_ROLES)
def newsletters():
    rows = db.session.scalars(select(Newsletter).order_by(Newsletter.created_at.desc())).all()
    return render_template("mailings/newsletters.html", newsletters=rows, subscriber_count=len(services.subscribers()))


@bp.route("/subscribers")
@routing.require_roles(STAFF_ROLES)
def subscribers():
    return render_template("mailings/subscribers.html", subscribers=services.subscribers(), confirm=ConfirmForm())


@bp.route("/subscribers/<int:mail_preference_id>/remove", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(MailPreference, "mail_preference_id")
def remove_subscriber(mail_preference):
    return button(
        lambda: services.remove_subscriber(mail_preference),
        success=f"{mail_preference.email} will get no more newsletters.",
        then=url_for("mailings.subscribers"),
    )


def _newsletter_form(newsletter: Newsletter | None):
    form = NewsletterForm(obj=newsletter)
    preview = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = render(form.body.data)
        else:
            try:
                if newsletter is None:
                    newsletter = services.add_newsletter(subject=form.subject.data, body=form.body.data)
                else:
                    services.update_newsletter(newsletter, subject=form.subject.data, body=form.body.data)
                newsletter_id = newsletter.id
                db.session.commit()
                flash("The newsletter has been saved. Check it, then send it.", "success")
                return redirect(url_for("mailings.newsletter", newsletter_id=newsletter_id))
            except ServiceError as exc:
                db.session.rollback()
                getattr(form, exc.field if hasattr(form, exc.field or "") else "subject").errors.append(exc.message)
    return render_template("mailings/newsletter_form.html", form=form, newsletter=newsletter, preview=preview)


@bp.route("/newsletters/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_newsletter():
    return _newsletter_form(None)


@bp.route("/newsletters/<int:newsletter_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(Newsletter, "newsletter_id")
def edit_newsletter(newsletter):
    if newsletter.status != "draft":
        abort(409)
    return _newsletter_form(newsletter)


@bp.route("/newsletters/<int:newsletter_id>")
@routing.require_roles(STAFF_ROLES)
@routing.loads(Newsletter, "newsletter_id")
def newsletter(newsletter):
    return render_template(
        "mailings/newsletter.html",
        newsletter=newsletter,
        body=render(newsletter.body),
        subscriber_count=len(services.subscribers()),
        confirm=ConfirmForm(),
    )


@bp.route("/newsletters/<int:newsletter_id>/send", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(Newsletter, "newsletter_id")
def send_newsletter(newsletter):
    return button(
        lambda: services.send_newsletter(routing.current_network(), newsletter),
        success="The newsletter is on its way to every subscriber.",
        then=url_for("mailings.newsletter", newsletter_id=newsletter.id),
    )
