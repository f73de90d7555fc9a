"""Federation API.

Across networks (``/api/v1/federation``): pathways (operators add), working groups and their
agreements, shared issues (410 once withdrawn), suppressed pathway aggregates and joint reports
(drafted by staff of a member network, unpublished by the convenor's admin or an operator), for
members of member networks and national readers; a published joint report is public at
``/reports/<public_ref>``. Inside a network (``/api/v1/networks/<slug>/federation``): accepting an
agreement and approving a joint report (network admin), sharing an issue, approving, withdrawing (staff);
the issues' pathway tags are in ``issue_tag_api``.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_smorest import Blueprint
from sqlalchemy import select

from linkhub.platform import disclosure, routing
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import principal
from linkhub.platform.db import db, find_by_id
from linkhub.platform.models import Network
from linkhub.platform.services import ServiceError

from . import access, pathway_view, services

from .services import joint_reports
from .models import JointReport, Pathway, SharedIssue, WorkingGroup
from .schemas import (
    AggregateArgs,
    AgreementInSchema,
    AgreementSchema,
    JointReportInSchema,
    JointReportSchema,
    PathwaySchema,
    SharedIssueArgs,
    SharedIssueSchema,
    UnpublishSchema,
    WorkingGroupInSchema,
    WorkingGroupSchema,
)

blp = Blueprint(
    "federation_api",
    __name__,
    url_prefix="/federation",
    description="Pathways, working groups, agreements, shared issues and pathway aggregates",
)


def _signed_in():
    who = principal()
    if not who.is_authenticated:
        abort(401)
    return who


def _visible_group(group_id: int) -> WorkingGroup:
    group = find_by_id(WorkingGroup, group_id)
    if group is None or not access.can_see_group(_signed_in(), group):
        abort(404)
    return group


@blp.route("/pathways")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(PathwaySchema))
def list_pathways(args):
    """Pathways and their stages, in order (public: they hold no data)."""
    body, headers = paginate(db.session, select(Pathway).order_by(Pathway.id), args)
    return body, 200, headers


@blp.route("/pathways", methods=["POST"])
@routing.operator_only
@blp.arguments(PathwaySchema)
@blp.response(201, PathwaySchema)
def create_pathway(data):
    """Define a pathway (operators): a name and at least two stages."""
    return commit_or_abort(lambda: services.create_pathway(**data))


@blp.route("/working-groups")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(WorkingGroupSchema))
def list_groups(args):
    """Working groups you may see (national readers: all)."""
    visible = access.visible_working_group_ids(_signed_in())
    query = select(WorkingGroup).order_by(WorkingGroup.id)
    if visible is not None:
        query = query.where(WorkingGroup.id.in_(visible))
    body, headers = paginate(db.session, query, args)
    return body, 200, headers


@blp.route("/working-groups", methods=["POST"])
@routing.operator_only
@blp.arguments(WorkingGroupInSchema)
@blp.response(201, WorkingGroupSchema)
def create_group(data):
    """Set up a working group (operators): pathway, region, convenor and member networks."""

    def create():
        networks = {
            slug: db.session.scalar(select(Network).where(Network.slug == slug))
            for slug in [data["convenor"], *data["networks"]]
        }
        if missing := sorted(slug for slug, n in networks.items() if n is None):
            raise ServiceError(f"Unknown networks: {', '.join(missing)}", field="networks")
        return services.create_working_group(
            name=data["name"],
            region=data["region"],
            pathway=services.pathway_by_slug(data["pathway"]),
            convenor=networks[data["convenor"]],
            members=[networks[s] for s in data["networks"]],
            agreement_text=data["agreement_text"],
            threshold=data["suppression_threshold"],
        )

    return commit_or_abort(create)


@blp.route("/working-groups/<int:group_id>")
@blp.response(200, WorkingGroupSchema)
def get_group(group_id):
    return _visible_group(group_id)


@blp.route("/working-groups/<int:group_id>/agreements", methods=["POST"])
@routing.operator_only
@routing.loads_any(WorkingGroup, "group_id")
@blp.arguments(AgreementInSchema)
@blp.response(201, AgreementSchema)
def publish_agreement(data, group):
    """Publish a new version of the group's agreement (operators). Every member network must
    accept it before it shares again."""
    return commit_or_abort(lambda: services.publish_agreement(group, data["text"], data["suppression_threshold"]))


@blp.route("/working-groups/<int:group_id>/aggregates")
@blp.arguments(AggregateArgs, location="query")
def aggregates(args, group_id):
    """Shared issues and people by stage, theme, network and month; suppressed counts are null."""
    view = pathway_view.build(_visible_group(group_id), args)
    return {
        "threshold": view.threshold,
        "filters": view.filters,
        "rounded": view.rounded,
        "total": {"issues": view.total[0].value, "people": view.total[1].value},
        "tables": {
            t.name: [{"key": label, "issues": i.value, "people": p.value} for label, i, p in t.rows]
            for t in view.tables
        },
    }


def _dump(issue: SharedIssue) -> SharedIssue:
    """Per-issue counts below the group's threshold are null, as in search."""
    threshold = pathway_view.threshold_of(issue.working_group)
    out = SharedIssueSchema().dump(issue)
    for key in ("feedback_count", "people_count"):
        out[key] = disclosure.publish(out[key], threshold).value
    return out


@blp.route("/shared-issues")
@blp.alt_response(200, schema=page_schema(SharedIssueSchema), description="A page of shared issues")
@blp.arguments(SharedIssueArgs, location="query", as_kwargs=True)
@blp.arguments(PageArgs, location="query")
def list_shared_issues(args, working_group_id=None):
    """Live shared issues of the groups you may see, newest first."""
    visible = access.visible_working_group_ids(_signed_in())
    query = select(SharedIssue).where(SharedIssue.withdrawn.is_(False), SharedIssue.superseded_by_id.is_(None))
    if visible is not None:
        query = query.where(SharedIssue.working_group_id.in_(visible))
    if working_group_id is not None:
        query = query.where(SharedIssue.working_group_id == working_group_id)
    body, headers = paginate(db.session, query.order_by(SharedIssue.id.desc()), args)
    body["items"] = [_dump(i) for i in body["items"]]
    return body, 200, headers


@blp.route("/shared-issues/<int:shared_issue_id>")
@blp.alt_response(200, schema=SharedIssueSchema, description="The shared issue")
def get_shared_issue(shared_issue_id):
    """One shared issue; 410 Gone once its network withdrew it."""
    issue = find_by_id(SharedIssue, shared_issue_id)
    if issue is None or not access.can_see_group(_signed_in(), issue.working_group):
        abort(404)
    if issue.withdrawn:
        abort(410, "The network that shared this issue has withdrawn it.")
    return _dump(issue)


# --- joint reports ----------------------------------------------------------------------------

GONE = "This joint report has been unpublished."


def _with_visible_group(view):
    """``group_id`` -> the group, before the body is read: 401, then 404 for a group you may not see."""

    @wraps(view)
    def wrapped(*args, group_id, **kwargs):
        return view(*args, group=_visible_group(group_id), **kwargs)

    return wrapped


def _with_visible_report(view):
    @wraps(view)
    def wrapped(*args, joint_report_id, **kwargs):
        report = find_by_id(JointReport, joint_report_id)
        if report is None or not access.can_see_group(_signed_in(), report.working_group):
            abort(404)
        return view(*args, report=report, **kwargs)

    return wrapped


@blp.route("/working-groups/<int:group_id>/joint-reports")
@_with_visible_group
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(JointReportSchema))
def list_joint_reports(args, group):
    """The group's joint reports, newest first: drafts, published and unpublished ones."""
    query = select(JointReport).where(JointReport.working_group_id == group.id).order_by(JointReport.id.desc())
    body, headers = paginate(db.session, query, args)
    return body, 200, headers


@blp.route("/working-groups/<int:group_id>/joint-reports", methods=["POST"])
@_with_visible_group
@blp.arguments(JointReportInSchema)
@blp.response(201, JointReportSchema)
def draft_joint_report(data, group):
    """Draft a joint report from the group's live shared issues (staff of a member network). Text
    that looks like it identifies someone is a 422 unless ``confirm_identifiers`` is true. Each
    member network's admin then approves it; the last approval publishes it."""
    who = principal()
    if not access.can_draft(who, group):
        abort(403)
    return commit_or_abort(lambda: joint_reports.draft(group, user=who.user, **data))


@blp.route("/joint-reports/<int:joint_report_id>")
@_with_visible_report
@blp.response(200, JointReportSchema)
def get_joint_report(report):
    """One joint report of a group you may see; 410 Gone once unpublished."""
    if report.status == "unpublished":
        abort(410, GONE)
    return report


@blp.route("/joint-reports/<int:joint_report_id>/unpublish", methods=["POST"])
@_with_visible_report
@blp.arguments(UnpublishSchema)
@blp.response(200, JointReportSchema)
def unpublish_joint_report(data, report):
    """Take a published joint report off the public site and out of search (the convenor network's
    admins and operators); 409 for a draft."""
    who = principal()
    if not joint_reports.may_unpublish(who, report.working_group):
        abort(403)
    return commit_or_abort(lambda: joint_reports.unpublish(report, who.user, reason=data["reason"]))


@blp.route("/reports/<public_ref>")
@blp.response(200, JointReportSchema)
def public_joint_report(public_ref):
    """A published joint report, for everyone (as its page); a draft only for those who may see
    its group; 410 Gone once unpublished."""
    report = db.session.scalar(select(JointReport).where(JointReport.public_ref == public_ref))
    if report is None or (report.status == "draft" and not access.can_see_group(principal(), report.working_group)):
        abort(404)
    if report.status == "unpublished":
        abort(410, GONE)
    return report
