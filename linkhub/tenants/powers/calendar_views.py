"""The deadlines calendar feed and its secret addresses, as seen from the pages (the routes
are in ``views.py``; the rules are in ``calendar_feeds``).

A fetch with ``?key=`` never uses the session: the address is checked (live, this network's,
its person still a member) and the feed is built as that person; every refusal is the same
404, so a key tells nothing about other networks. Failed key attempts are rate limited per
address (``LINKHUB_CALENDAR_KEY_RATE_LIMIT``); successful polls are not counted, since many
people's calendars are fetched from the same few Google or Microsoft addresses.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy.exc import IntegrityError

from linkhub.platform.security import external_url_for
from linkhub.platform.auth import MEMBER_ROLES, Principal, current_user_id
from linkhub.platform.db import db
from linkhub.tenants.common import deadlines
from linkhub.tenants.common.forms import ConfirmForm
from linkhub.tenants.common.pages import button

from . import ical

from .services import calendar_feeds

# Deadlines move by the day; an hour's caching spares the database without hiding much.
MAX_AGE = 3600


def key_rate_limit() -> str:
    return current_app.config["CALENDAR_KEY_RATE_LIMIT"]


def without_key() -> bool:
    return "key" not in request.args


def refused(response) -> bool:
    return response.status_code == 404


def calendar_response() -> Response:
    items = deadlines.open_deadlines()
    urls = {d.key: external_url_for(d.endpoint, **dict(d.endpoint_args)) for d in items}
    body = ical.calendar(g.network.name, g.network.slug, items, urls, refresh_seconds=MAX_AGE)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{g.network.slug}-deadlines.ics"'},
    )


def subscribed_calendar(secret: str) -> Response:
    feed = calendar_feeds.find_live(secret, g.network.id)
    if feed is None:
        abort(404)
    who = Principal(feed.user)
    if not who.roles_in(g.network.id) & MEMBER_ROLES:  # removed from the network: the address is dead
        abort(404)
    g.principal = who  # the feed is built as its person, never as whoever else the request carries
    response = calendar_response()
    if calendar_feeds.record_use(feed):
        db.session.commit()
    response.headers["Cache-Control"] = f"private, max-age={MAX_AGE}"
    return response


def my_address():
    return calendar_feeds.live_address(current_user_id(), g.network.id)


def create():
    back = url_for("powers.deadlines_page")
    if not ConfirmForm().validate_on_submit():
        flash("The form had expired. Try again.", "error")
        return redirect(back)
    try:
        _, secret = calendar_feeds.create_address(current_user_id(), g.network.id)
        db.session.commit()
    except IntegrityError:  # two clicks at once: the other one made the address
        db.session.rollback()
        flash("Your calendar address was being made twice at once. Make a new one to see it.", "error")
        return redirect(back)
    url = external_url_for("powers.deadlines_calendar", key=secret)
    webcal = "webcal://" + url.split("://", 1)[1]
    # Shown once, on the POST's own response: no redirect, so the secret never sits in a cookie.
    response = make_response(render_template("powers/calendar_address.html", url=url, webcal=webcal, back=back))
    response.headers["Cache-Control"] = "no-store"
    return response


def stop():
    return button(
        lambda: calendar_feeds.revoke_address(current_user_id(), g.network.id),
        success="Your calendar address has stopped working. Calendars subscribed to it will not update.",
        then=url_for("powers.deadlines_page"),
    )
