"""Issues by pathway in the API (``/api/v1/networks/<slug>/federation/issues...``): the network's
issues with their pathway and stage, filtered; one issue's tag read, set (PUT) or cleared (DELETE).
Members read, staff write, as on the pages. Routes on ``api.network_blp``, which imports this
module. Another network's issue is a 404 before the body is read; unlike the page's forgiving
filters, an unknown pathway or stage is a 422 on its field (a client should hear its mistake).
"""
from __future__ import annotations

from linkhub.platform import routing
from linkhub.platform.accounts.api import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate, raise_field_error
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, principal
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue

from . import issue_tags
from .api import network_blp
from .schemas import IssuePathwayArgs, IssuePathwayInSchema, IssuePathwaySchema


def _filters(args: dict):
    """(pathway, stage slug) from the query; 422 on the field that names nothing."""
    pathway, stage = (args.get("pathway") or "").strip(), (args.get("stage") or "").strip()
    try:
        if pathway and stage:
            return issue_tags.resolve(pathway, stage)[0], stage
        if pathway:
            found = next((p for p in issue_tags.pathways() if p.slug == pathway), None)
            if found is None:
                raise ServiceError("No pathway with that slug", field="pathway")
            return found, ""
    except ServiceError as exc:
        raise_field_error(422, exc.field, exc.message)
    if stage and not any(s.slug == stage for p in issue_tags.pathways() for s in p.stages):
        raise_field_error(422, "stage", "No stage with that slug on any pathway")
    return None, stage


@network_blp.route("/issues")
@routing.require_roles(MEMBER_ROLES)
@network_blp.arguments(IssuePathwayArgs, location="query", as_kwargs=True)
@network_blp.arguments(PageArgs, location="query")
@network_blp.response(200, page_schema(IssuePathwaySchema))
def list_issue_pathways(args, **filters):
    """The network's issues with their pathway and stage (null when not tagged), open ones first;
    ``pathway`` and ``stage`` keep the issues tagged with them."""
    pathway, stage = _filters(filters)
    query = issue_tags.issues_query(pathway, stage)
    body, headers = paginate(db.session, query, args)
    body["items"] = issue_tags.with_tags(body["items"])
    return body, 200, headers


def _row(issue: Issue):
    return issue_tags.with_tags([issue])[0]


@network_blp.route("/issues/<int:issue_id>/pathway")
@routing.require_roles(MEMBER_ROLES)
@routing.loads(Issue, "issue_id")
@network_blp.response(200, IssuePathwaySchema)
def get_issue_pathway(issue):
    """One issue's pathway and stage (null when it is not tagged)."""
    return _row(issue)


@network_blp.route("/issues/<int:issue_id>/pathway", methods=["PUT"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(Issue, "issue_id")
@network_blp.arguments(IssuePathwayInSchema)
@network_blp.response(200, IssuePathwaySchema)
def put_issue_pathway(data, issue):
    """Tag the issue with a pathway and one of its stages, or change its tag (staff). A stage of
    another pathway is a 422 on ``stage``."""
    commit_or_abort(lambda: issue_tags.tag_issue(issue, pathway=data["pathway"], stage=data["stage"],
                                                 user=principal().user))
    return _row(issue)


@network_blp.route("/issues/<int:issue_id>/pathway", methods=["DELETE"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(Issue, "issue_id")
@network_blp.response(204)
def delete_issue_pathway(issue):
    """Take the issue off its pathway (staff); 204 whether or not it was tagged."""
    commit_or_abort(lambda: issue_tags.clear_tag(issue, principal().user))
    return None

