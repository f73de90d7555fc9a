"""API of the public site: the profile, news and events (public reads; staff writes), and the
national "Find your LINk" search (public)."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint
from sqlalchemy import select

from linkhub.platform import endpoints, routing
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import STAFF_ROLES
from linkhub.platform.db import db, utcnow
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.extensions import limiter

from . import findlink, services
from .models import NewsPost, SiteEvent
from .schemas import EventSchema, FindArgs, FindResultSchema, NewsSchema, ProfileSchema

blp = routing.network_api_blueprint(
    "site_api", __name__, "/site", description="A network's public site: profile, news and events"
)
national_blp = Blueprint("find_link_api", __name__, url_prefix="/find-your-link", description="Find your LINk (public)")


# Public reads and staff writes are separate endpoints (not one MethodView), so each view says
# whether it is public: the isolation matrices read that from the view function.


@blp.route("/profile", methods=["GET"])
@routing.public
@blp.response(200, ProfileSchema)
def get_profile():
    """The public profile: about, host, getting involved, contact details, other formats."""
    return services.profile() or {}


@blp.route("/profile", methods=["PUT"])
@routing.require_roles(STAFF_ROLES)
@blp.arguments(ProfileSchema)
@blp.response(200, ProfileSchema)
def put_profile(data):
    """Replace the profile (staff)."""
    return commit_or_abort(lambda: services.save_profile(**data))


@blp.route("/news", methods=["GET"])
@routing.public
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(NewsSchema))
def list_news(args):
    """Published news, newest first."""
    query = select(NewsPost).where(NewsPost.status == "published").order_by(NewsPost.id.desc())
    body, headers = paginate(db.session, query, args)
    return body, 200, headers


@blp.route("/news", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@blp.arguments(NewsSchema)
@blp.response(201, NewsSchema)
def add_news(data):
    """Draft a news post (staff)."""
    return commit_or_abort(lambda: services.add_news(**data))


@blp.route("/news/<int:news_post_id>")
@routing.public
@routing.loads(NewsPost, "news_post_id")
@blp.response(200, NewsSchema)
def get_news(news_post):
    """A published news post (with its Markdown rendered safely as ``body_html``)."""
    if news_post.status != "published" and not (routing.roles() & STAFF_ROLES):
        abort(404)
    return news_post


endpoints.action(
    blp,
    "/news/<int:news_post_id>/change",
    name="change_news",
    roles=STAFF_ROLES,
    load=(NewsPost, "news_post_id"),
    body=NewsSchema,
    call=services.update_news,
    response=NewsSchema,
)
endpoints.action(
    blp,
    "/news/<int:news_post_id>/publish",
    name="publish_news",
    roles=STAFF_ROLES,
    load=(NewsPost, "news_post_id"),
    call=services.publish_news,
    response=NewsSchema,
    doc="Publish (409 if published already).",
)
endpoints.action(
    blp,
    "/news/<int:news_post_id>/withdraw",
    name="withdraw_news",
    roles=STAFF_ROLES,
    load=(NewsPost, "news_post_id"),
    call=services.withdraw_news,
    response=NewsSchema,
)


@blp.route("/events", methods=["GET"])
@routing.public
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(EventSchema))
def list_events(args):
    """Upcoming public meetings and events, soonest first."""
    query = (
        select(SiteEvent)
        .where(SiteEvent.is_public.is_(True), SiteEvent.starts_at >= utcnow())
        .order_by(SiteEvent.starts_at, SiteEvent.id)
    )
    body, headers = paginate(db.session, query, args)
    return body, 200, headers


@blp.route("/events", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@blp.arguments(EventSchema)
@blp.response(201, EventSchema)
def add_event(data):
    """Add a meeting or event (staff)."""
    return commit_or_abort(lambda: services.add_event(**data))


@national_blp.route("/")
@limiter.limit("120 per minute")
@national_blp.arguments(FindArgs, location="query")
@national_blp.response(200, FindResultSchema)
def find(args):
    """LINks for a postcode, postcode district, town or local authority."""
    found, authority = findlink.search(args["q"])
    return {
        "query": args["q"],
        "authority": authority,
        "networks": [
            {"slug": f.network.slug, "name": f.network.name, "local_authority": f.network.local_authority, "why": f.why}
            for f in found
        ],
    }
