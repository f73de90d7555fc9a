"""API: issues with their contributor figures, trigger points and their firings."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, principal
from linkhub.platform.db import db

from . import services

from .services import triggers
from .models import Issue, TriggerFiring, TriggerRule
from .schemas import (
    IssueDetailSchema,
    IssueFilterArgs,
    IssueSchema,
    IssueUpdateSchema,
    TriggerFiringSchema,
    TriggerRuleSchema,
)

blp = routing.network_api_blueprint("issues_api", __name__, "/issues", description="Issues that group feedback")
triggers_blp = routing.network_api_blueprint(
    "triggers_api", __name__, "/trigger-points", description="Trigger points and when they fired"
)


def _detail(issue: Issue) -> Issue:
    figures = services.breakdown(issue.id)
    issue.feedback_count, issue.people_count = figures.feedback, figures.people
    issue.known_people, issue.anonymous = figures.known_people, figures.anonymous
    issue.top_contributor_share = round(figures.top_share, 3)
    return issue


@blp.route("")
class Issues(MethodView):
    @blp.arguments(IssueFilterArgs, location="query")
    @blp.response(200, page_schema(IssueSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        query = select(Issue).order_by(Issue.created_at.desc(), Issue.id.desc())
        for key in ("status", "theme", "provider_id"):
            if args.get(key) is not None:
                query = query.where(getattr(Issue, key) == args[key])
        if args.get("flagged") is not None:
            query = query.where(Issue.flagged_at.is_not(None) if args["flagged"] else Issue.flagged_at.is_(None))
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @blp.arguments(IssueSchema)
    @blp.response(201, IssueDetailSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        issue = commit_or_abort(lambda: services.create_issue(created_by=principal().user, **data))
        return _detail(issue)


@blp.route("/<int:issue_id>")
class IssueItem(MethodView):
    @blp.response(200, IssueDetailSchema)
    @routing.require_roles(MEMBER_ROLES)
    def get(self, issue_id):
        return _detail(routing.get_or_404(Issue, issue_id))

    @blp.arguments(IssueUpdateSchema)
    @blp.response(200, IssueDetailSchema)
    @routing.require_roles(STAFF_ROLES)
    @routing.loads(Issue, "issue_id")
    def patch(self, data, issue):
        """Change the status and/or add feedback (by id) to the issue."""

        def change():
            if data.get("status"):
                services.set_status(issue, data["status"])
            if "scope" in data or "care_sector" in data:
                services.classify(
                    issue,
                    scope=data.get("scope", issue.scope),
                    care_sector=data.get("care_sector", issue.care_sector),
                )
            if data.get("add_feedback_ids"):
                services.add_feedback(
                    issue,
                    data["add_feedback_ids"],
                    move=data["move_feedback"],
                    other_provider=data["confirm_other_provider"],
                )
            return issue

        return _detail(commit_or_abort(change))


@triggers_blp.route("")
class TriggerRules(MethodView):
    @triggers_blp.arguments(PageArgs, location="query")
    @triggers_blp.response(200, page_schema(TriggerRuleSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        body, headers = paginate(db.session, select(TriggerRule).order_by(TriggerRule.name), args)
        return body, 200, headers

    @triggers_blp.arguments(TriggerRuleSchema)
    @triggers_blp.response(201, TriggerRuleSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        return commit_or_abort(lambda: triggers.add_rule(**data))


@triggers_blp.route("/<int:rule_id>")
@triggers_blp.response(200, TriggerRuleSchema)
@routing.require_roles(MEMBER_ROLES)
def get_rule(rule_id):
    return routing.get_or_404(TriggerRule, rule_id)


@triggers_blp.route("/fired")
@triggers_blp.arguments(PageArgs, location="query")
@triggers_blp.response(200, page_schema(TriggerFiringSchema))
@routing.require_roles(MEMBER_ROLES)
def fired(args):
    body, headers = paginate(db.session, select(TriggerFiring).order_by(TriggerFiring.fired_at.desc()), args)
    return body, 200, headers
