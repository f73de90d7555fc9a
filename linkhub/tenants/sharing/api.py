"""API of the network's side of sharing (``/api/v1/networks/<slug>/federation/...``): accept a
working group's agreement, start, read, approve and withdraw shares, approve joint reports, and
issues by pathway (the network's issues with their pathway and stage, filtered; one issue's tag
read, set (PUT) or cleared (DELETE)). Members read, staff write, as on the pages. Another
network's issue is a 404 before the body is read; unlike the page's forgiving filters, an
unknown pathway or stage is a 422 on its field (a client should hear its mistake).
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g

from linkhub.federation import public as federation
from linkhub.platform import routing
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate, raise_field_error
from linkhub.platform.auth import ADMIN_ROLES, MEMBER_ROLES, STAFF_ROLES, principal
from linkhub.platform.db import db, find_by_id
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue

from . import queries, services
from .models import ShareRequest
from .schemas import (
    AcceptanceSchema,
    ApproveSchema,
    IssuePathwayArgs,
    IssuePathwayInSchema,
    IssuePathwaySchema,
    ShareInSchema,
    ShareRequestSchema,
)

network_blp = routing.network_api_blueprint(
    "federation_network_api", __name__, "/federation", description="A network's sharing agreements and shared issues"
)


# --- agreements, shares and joint reports --------------------------------------------------------------------------


def _loads_group(view):
    @wraps(view)
    def wrapped(*args, group_id, **kwargs):
        try:
            group = federation.member_group(group_id, g.network.id)
        except ServiceError:
            abort(404)
        return view(*args, group=group, **kwargs)

    return wrapped


def _loads(model, arg):
    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            kwargs[arg.removesuffix("_id")] = routing.get_or_404(model, kwargs.pop(arg))
            return view(*args, **kwargs)

        return wrapped

    return decorate


@network_blp.route("/working-groups/<int:group_id>/accept", methods=["POST"])
@routing.require_roles(ADMIN_ROLES)
@_loads_group
@network_blp.response(201, AcceptanceSchema)
def accept(group):
    """Accept the group's current agreement for this network (network admins)."""
    acceptance = commit_or_abort(lambda: federation.accept_agreement(group, g.network, principal().user))
    return {
        "version": group.current_agreement.version,
        "network": g.network.slug,
        "accepted_by": acceptance.accepted_by_label,
        "accepted_at": acceptance.accepted_at,
    }


@network_blp.route("/issues/<int:issue_id>/shares", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@_loads(Issue, "issue_id")
@network_blp.arguments(ShareInSchema)
@network_blp.response(201, ShareRequestSchema)
def start_share(data, issue):
    """Start sharing an issue: a draft with scrubbed text to review. 409 without an accepted
    agreement; 404 for a group the network is not in."""
    try:
        group = federation.member_group(data["working_group_id"], g.network.id)
    except ServiceError:
        abort(404)
    return commit_or_abort(lambda: services.start_share(issue, group, data["stage"], principal().user))


@network_blp.route("/shares/<int:share_id>")
@routing.require_roles(STAFF_ROLES)
@_loads(ShareRequest, "share_id")
@network_blp.response(200, ShareRequestSchema)
def get_share(share):
    return share


@network_blp.route("/shares/<int:share_id>/approve", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@_loads(ShareRequest, "share_id")
@network_blp.arguments(ApproveSchema)
@network_blp.response(200, ShareRequestSchema)
def approve(data, share):
    """Approve the reviewed text (again: a correction). Text that still looks like it identifies
    someone is a 422 unless ``confirm_identifiers`` is true."""
    return commit_or_abort(
        lambda: services.approve_share(
            share,
            title=data["title"],
            text=data["text"],
            user=principal().user,
            confirm_identifiers=data["confirm_identifiers"],
        )
    )


@network_blp.route("/shares/<int:share_id>/withdraw", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@_loads(ShareRequest, "share_id")
@network_blp.response(200, ShareRequestSchema)
def withdraw(share):
    return commit_or_abort(lambda: services.withdraw_share(share, principal().user))


@network_blp.route("/joint-reports/<int:joint_report_id>/approve", methods=["POST"])
@routing.require_roles(ADMIN_ROLES)
@network_blp.response(200, federation.JointReportSchema)
def approve_joint_report(joint_report_id):
    """Approve a draft joint report for this network (network admins); the last member network's
    approval publishes it. 404 for a report of a group the network is not in; 409 once unpublished."""
    report = find_by_id(federation.JointReport, joint_report_id)
    if report is None or g.network.id not in report.working_group.member_network_ids:
        abort(404)
    return commit_or_abort(lambda: federation.approve_joint_report(report, g.network, principal().user))


# --- issues by pathway -----------------------------------------------------------------------


def _filters(args: dict):
    """(pathway, stage slug) from the query; 422 on the field that names nothing."""
    pathway, stage = (args.get("pathway") or "").strip(), (args.get("stage") or "").strip()
    try:
        if pathway and stage:
            return federation.resolve(pathway, stage)[0], stage
        if pathway:
            found = next((p for p in federation.pathways() if p.slug == pathway), None)
            if found is None:
                raise ServiceError("No pathway with that slug", field="pathway")
            return found, ""
    except ServiceError as exc:
        raise_field_error(422, exc.field, exc.message)
    if stage and not any(s.slug == stage for p in federation.pathways() for s in p.stages):
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
    query = queries.issues_query(pathway, stage)
    body, headers = paginate(db.session, query, args)
    body["items"] = queries.with_tags(body["items"])
    return body, 200, headers


def _row(issue: Issue):
    return queries.with_tags([issue])[0]


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
    commit_or_abort(
        lambda: services.tag_issue(issue, pathway=data["pathway"], stage=data["stage"], user=principal().user)
    )
    return _row(issue)


@network_blp.route("/issues/<int:issue_id>/pathway", methods=["DELETE"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(Issue, "issue_id")
@network_blp.response(204)
def delete_issue_pathway(issue):
    """Take the issue off its pathway (staff); 204 whether or not it was tagged."""
    commit_or_abort(lambda: services.clear_tag(issue, principal().user))
    return None
