"""API of the correspondence log: search within the network, record (attachments are uploaded
on the pages or with ``POST .../attachments`` as multipart), change, link. Members read; staff
write."""

from __future__ import annotations

from flask import request
from flask.views import MethodView

from linkhub.platform import routing
from linkhub.platform.api import PageArgs, page_schema, paginate, raise_field_error
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.endpoints import action, commit_or_abort
from linkhub.platform.routing import loads

from . import queries, services
from .models import Correspondence
from .schemas import (
    AttachmentSchema,
    CorrespondenceSchema,
    CorrespondenceUpdateSchema,
    CorrespondenceLinkSchema,
    SearchArgs,
)

blp = routing.network_api_blueprint(
    "correspondence_api", __name__, "/correspondence", description="The correspondence log"
)


@blp.route("/")
class Log(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @blp.arguments(SearchArgs, location="query", as_kwargs=True)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(CorrespondenceSchema))
    def get(self, args, **filters):
        """Search the log: words (``q``) and filters, newest first."""
        body, headers = paginate(db.session, queries.search(**filters), args)
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(CorrespondenceSchema)
    @blp.response(201, CorrespondenceSchema)
    def post(self, data):
        """Record a letter, e-mail, call or meeting."""
        return commit_or_abort(lambda: services.record(**data))


@blp.route("/<int:correspondence_id>")
class Entry(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @loads(Correspondence, "correspondence_id")
    @blp.response(200, CorrespondenceSchema)
    def get(self, correspondence):
        return correspondence

    @routing.require_roles(STAFF_ROLES)
    @loads(Correspondence, "correspondence_id")
    @blp.arguments(CorrespondenceUpdateSchema)
    @blp.response(200, CorrespondenceSchema)
    def patch(self, data, correspondence):
        return commit_or_abort(lambda: services.update(correspondence, **data))


action(
    blp,
    "/<int:correspondence_id>/links",
    name="link",
    roles=STAFF_ROLES,
    load=(Correspondence, "correspondence_id"),
    call=services.link,
    body=CorrespondenceLinkSchema,
    response=CorrespondenceLinkSchema,
    status=201,
)


@blp.route("/<int:correspondence_id>/attachments")
class Attachments(MethodView):
    @routing.require_roles(STAFF_ROLES)
    @loads(Correspondence, "correspondence_id")
    @blp.response(201, AttachmentSchema)
    def post(self, correspondence):
        """Attach a file (multipart field ``file``): PDF, image, Word/OpenDocument or text, up to 10 MB."""
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise_field_error(422, "file", "Choose a file")
        return commit_or_abort(lambda: services.attach(correspondence, filename=upload.filename, content=upload.read()))
