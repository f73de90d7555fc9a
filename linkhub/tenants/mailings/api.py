"""API of the mailings: newsletters (staff: draft, change, send once), the confirmed subscribers
(staff), your own e-mail preferences (members), and a newsletter sign-up (public, rate-limited;
confirmed by the e-mailed link like the form)."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import endpoints, routing
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, principal
from linkhub.platform.db import db
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.extensions import limiter

from . import services
from .models import MailPreference, Newsletter
from .schemas import NewsletterSchema, PreferenceSchema, SubscribeSchema, SubscriberSchema

blp = routing.network_api_blueprint(
    "mailings_api", __name__, "/mail", description="Newsletters, subscribers and e-mail preferences"
)


@blp.route("/newsletters")
class Newsletters(MethodView):
    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(NewsletterSchema))
    def get(self, args):
        """Newsletters, newest first (staff)."""
        body, headers = paginate(db.session, select(Newsletter).order_by(Newsletter.id.desc()), args)
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(NewsletterSchema)
    @blp.response(201, NewsletterSchema)
    def post(self, data):
        """Draft a newsletter (Markdown)."""
        return commit_or_abort(lambda: services.add_newsletter(**data))


endpoints.item(
    blp,
    "/newsletters/<int:newsletter_id>",
    name="get_newsletter",
    roles=STAFF_ROLES,
    load=(Newsletter, "newsletter_id"),
    response=NewsletterSchema,
)
endpoints.action(
    blp,
    "/newsletters/<int:newsletter_id>/change",
    name="change_newsletter",
    roles=STAFF_ROLES,
    load=(Newsletter, "newsletter_id"),
    body=NewsletterSchema,
    call=services.update_newsletter,
    response=NewsletterSchema,
    doc="Change a draft (409 once sent).",
)
endpoints.action(
    blp,
    "/newsletters/<int:newsletter_id>/send",
    name="send_newsletter",
    roles=STAFF_ROLES,
    load=(Newsletter, "newsletter_id"),
    call=lambda newsletter: (services.send_newsletter(routing.current_network(), newsletter), newsletter)[1],
    response=NewsletterSchema,
    doc="Send once to every confirmed subscriber, one e-mail each with its unsubscribe link (409 if sent).",
)


@blp.route("/subscribers")
@routing.require_roles(STAFF_ROLES)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(SubscriberSchema))
def list_subscribers(args):
    """People who confirmed they want the newsletter (staff)."""
    query = (
        select(MailPreference)
        .where(MailPreference.newsletter.is_(True), MailPreference.newsletter_confirmed_at.is_not(None))
        .order_by(MailPreference.id)
    )
    body, headers = paginate(db.session, query, args)
    return body, 200, headers


@blp.route("/subscribe", methods=["POST"])
@limiter.limit("10 per hour")
@routing.public
@blp.arguments(SubscribeSchema)
@blp.response(202)
def subscribe(data):
    """Ask for the newsletter: a confirmation link is e-mailed (the answer is the same whatever the
    address's state)."""
    commit_or_abort(lambda: services.subscribe(routing.current_network(), email=data["email"], name=data["name"]))
    return None


def _mine() -> dict:
    email = principal().user.email.lower()
    pref = db.session.scalar(select(MailPreference).where(MailPreference.email == email))
    return {"email": email, "newsletter": bool(pref and pref.subscribed), "digest": pref.digest if pref else True}


@blp.route("/preferences")
class Preferences(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @blp.response(200, PreferenceSchema)
    def get(self):
        """Your own e-mail choices in this network."""
        return _mine()

    @routing.require_roles(MEMBER_ROLES)
    @blp.arguments(PreferenceSchema)
    @blp.response(200, PreferenceSchema)
    def put(self, data):
        """Change your own e-mail choices."""
        commit_or_abort(lambda: services.set_preferences(email=principal().user.email, **data))
        return _mine()
