"""Each network's public site (``/networks/<slug>/`` for the public, and ``/networks/<slug>/site/...``)
and the national "Find your LINk" page (``/find-your-link``).

Public pages need no account and show only what is public: the profile, published news,
upcoming public events, the work programme, published reports, and "you said, we did" for
published reports. Staff edit the profile, news and events under ``/site/manage`` (Markdown
with a preview; rendered safely by :mod:`linkhub.platform.markdown`).
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.extensions import limiter
from linkhub.platform.markdown import render
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.forms import ConfirmForm
from linkhub.tenants.common.pages import button

from linkhub.tenants.reports.public import views as reports_public

from . import findlink, queries, services
from .forms import EventForm, NewsForm, ProfileForm
from .models import NewsPost, SiteEvent

LONDON = ZoneInfo("Europe/London")
bp = routing.network_blueprint("site", __name__, "/site", template_folder="templates")
national = Blueprint("find_link", __name__, template_folder="templates")


def _nav(network, roles):
    if roles & STAFF_ROLES:
        return [{"href": url_for("site.manage", network_slug=network.slug), "text": "Public site"}]
    return []


shell.nav_providers.append(_nav)


def _other_formats(network):
    """The network's real contact details for asking for a report in another format."""
    profile = services.profile()
    if profile is None or not (profile.contact_email or profile.contact_phone):
        return None
    return {"email": profile.contact_email, "phone": profile.contact_phone, "text_phone": profile.contact_text_phone}


if _other_formats not in reports_public.OTHER_FORMATS:
    reports_public.OTHER_FORMATS.append(_other_formats)


@shell.dashboard_panel
def _site_panel(network):
    return {
        "title": "Public site",
        "template": "site/_panel.html",
        "href": url_for("site.home", network_slug=network.slug),
        "news": queries.published_news(1),
    }


def _is_staff() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _context() -> dict:
    profile = services.profile()
    return {
        "profile": profile,
        "md": render,
        "links": shell.public_links(routing.current_network()),
        "is_staff": _is_staff(),
    }


def public_home(network):
    """The network's public home page (also what ``/networks/<slug>/`` shows the public)."""
    programme = queries.work_programme()
    return render_template(
        "site/home.html",
        news=queries.published_news(3),
        events=queries.upcoming_events(3),
        current_work=programme["current"][:5],
        reports=queries.published_reports(3),
        **_context(),
    )


shell.public_home = public_home


@bp.route("/")
@routing.public
def home():
    return public_home(routing.current_network())


@bp.route("/news")
@routing.public
def news():
    return render_template("site/news.html", posts=queries.published_news(), **_context())


@bp.route("/news/<int:news_post_id>")
@routing.public
@routing.loads(NewsPost, "news_post_id")
def news_post(news_post):
    if news_post.status != "published" and not _is_staff():
        abort(404)
    return render_template("site/news_post.html", post=news_post, body=render(news_post.body), **_context())


@bp.route("/work-programme")
@routing.public
def work_programme():
    programme = queries.work_programme()
    meetings = [e for e in queries.upcoming_events() if e.kind == "meeting"]
    return render_template(
        "site/work_programme.html",
        current=programme["current"],
        done=programme["done"],
        statuses=queries.STATUS_LABELS,
        meetings=meetings,
        **_context(),
    )


@bp.route("/reports")
@routing.public
def reports():
    return render_template("site/reports.html", reports=queries.published_reports(), **_context())


@bp.route("/you-said-we-did")
@routing.public
def you_said_we_did():
    return render_template("site/you_said_we_did.html", items=queries.you_said_we_did(), **_context())


@bp.route("/events")
@routing.public
def events():
    return render_template("site/events.html", events=queries.upcoming_events(), london=LONDON, **_context())


@bp.route("/contact")
@routing.public
def contact():
    return render_template("site/contact.html", **_context())


# --- staff ------------------------------------------------------------------------------------


@bp.route("/manage")
@routing.require_roles(STAFF_ROLES)
def manage():
    posts = db.session.scalars(select(NewsPost).order_by(NewsPost.created_at.desc())).all()
    all_events = db.session.scalars(select(SiteEvent).order_by(SiteEvent.starts_at.desc())).all()
    return render_template(
        "site/manage.html", posts=posts, events=all_events, london=LONDON, confirm=ConfirmForm(), **_context()
    )


def _field_error(form, exc: ServiceError, default: str) -> None:
    getattr(form, exc.field if hasattr(form, exc.field or "") else default).errors.append(exc.message)


@bp.route("/manage/profile", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def edit_profile():
    profile = services.profile()
    form = ProfileForm(obj=profile)
    preview = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = {
                "about": render(form.about.data),
                "host_about": render(form.host_about.data),
                "get_involved": render(form.get_involved.data),
            }
        else:
            try:
                services.save_profile(**{f: getattr(form, f).data or "" for f in services.PROFILE_FIELDS})
                db.session.commit()
                flash("The public site has been updated.", "success")
                return redirect(url_for("site.manage"))
            except ServiceError as exc:
                db.session.rollback()
                _field_error(form, exc, "about")
    return render_template("site/profile_form.html", form=form, preview=preview)


def _news_form(post: NewsPost | None):
    form = NewsForm(obj=post)
    preview = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = render(form.body.data)
        else:
            values = dict(title=form.title.data, body=form.body.data, summary=form.summary.data or "")
            try:
                if post is None:
                    post = services.add_news(**values)
                else:
                    services.update_news(post, **values)
                post_id = post.id
                db.session.commit()
                flash("The news post has been saved.", "success")
                return redirect(url_for("site.manage_news", news_post_id=post_id))
            except ServiceError as exc:
                db.session.rollback()
                _field_error(form, exc, "title")
    return render_template("site/news_form.html", form=form, post=post, preview=preview)


@bp.route("/manage/news/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_news():
    return _news_form(None)


@bp.route("/manage/news/<int:news_post_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(NewsPost, "news_post_id")
def edit_news(news_post):
    return _news_form(news_post)


@bp.route("/manage/news/<int:news_post_id>")
@routing.require_roles(STAFF_ROLES)
@routing.loads(NewsPost, "news_post_id")
def manage_news(news_post):
    return render_template("site/manage_news.html", post=news_post, body=render(news_post.body), confirm=ConfirmForm())


@bp.route("/manage/news/<int:news_post_id>/publish", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(NewsPost, "news_post_id")
def publish_news(news_post):
    return button(
        lambda: services.publish_news(news_post),
        success="The news post is on the public site.",
        then=url_for("site.manage_news", news_post_id=news_post.id),
    )


@bp.route("/manage/news/<int:news_post_id>/withdraw", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(NewsPost, "news_post_id")
def withdraw_news(news_post):
    return button(
        lambda: services.withdraw_news(news_post),
        success="The news post is no longer public.",
        then=url_for("site.manage_news", news_post_id=news_post.id),
    )


def _event_values(form) -> dict:
    starts = None
    if form.on.data and form.at.data:
        hours, minutes = (int(x) for x in form.at.data.split(":"))
        starts = datetime.combine(form.on.data, time(hours, minutes), tzinfo=LONDON)
    return dict(
        title=form.title.data,
        kind=form.kind.data,
        starts_at=starts,
        place=form.place.data or "",
        description=form.description.data or "",
        is_public=form.is_public.data,
    )


def _event_form(event: SiteEvent | None):
    form = EventForm()
    if request.method == "GET" and event is not None:
        local = services.as_utc(event.starts_at).astimezone(LONDON)
        form.title.data, form.kind.data, form.place.data = event.title, event.kind, event.place
        form.on.data, form.at.data = local.date(), local.strftime("%H:%M")
        form.description.data, form.is_public.data = event.description, event.is_public
    if form.validate_on_submit():
        try:
            if event is None:
                services.add_event(**_event_values(form))
            else:
                services.update_event(event, **_event_values(form))
            db.session.commit()
            flash("The event has been saved.", "success")
            return redirect(url_for("site.manage"))
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc, "title")
    return render_template(
        "site/event_form.html",
        form=form,
        event=event,
        title="Change the meeting or event" if event else "Add a meeting or event",
        back=url_for("site.manage"),
    )


@bp.route("/manage/events/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_event():
    return _event_form(None)


@bp.route("/manage/events/<int:site_event_id>", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(SiteEvent, "site_event_id")
def edit_event(site_event):
    return _event_form(site_event)


@bp.route("/manage/events/<int:site_event_id>/remove", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(SiteEvent, "site_event_id")
def remove_event(site_event):
    return button(
        lambda: services.remove_event(site_event), success="The event has been removed.", then=url_for("site.manage")
    )


# --- national: Find your LINk -----------------------------------------------------------------


@national.route("/find-your-link")
@limiter.limit("120 per minute")
def find_your_link():
    query = request.args.get("q", "").strip()
    found, authority = findlink.search(query) if query else ([], None)
    error = None
    if "q" in request.args and not query:
        error = "Enter a postcode, town or local authority"
    return render_template("site/find_your_link.html", query=query, found=found, authority=authority, error=error)
