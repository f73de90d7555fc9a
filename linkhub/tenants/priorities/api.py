"""API of priorities: criteria (staff write, members read), scores (each person writes their
own, by PUT: scoring again replaces), and the ranking."""

from __future__ import annotations


from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate, paginate_list
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, principal
from linkhub.platform.db import db
from linkhub.tenants.issues.models import Issue

from . import ranking, services
from linkhub.platform.routing import loads
from .models import PriorityCriterion, PriorityScore
from .schemas import (
    CriterionFilterArgs,
    CriterionSchema,
    CriterionUpdateSchema,
    RankedIssueSchema,
    RankingArgs,
    ScoreFilterArgs,
    ScoreSchema,
    ScoresInSchema,
)

blp = routing.network_api_blueprint(
    "priorities_api",
    __name__,
    "/priorities",
    description="Priority criteria, members' scores and the ranking of issues",
)


@blp.route("/criteria")
class Criteria(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @blp.arguments(CriterionFilterArgs, location="query", as_kwargs=True)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(CriterionSchema))
    def get(self, args, active=None):
        """The network's criteria, in their agreed order."""
        query = select(PriorityCriterion).order_by(PriorityCriterion.position, PriorityCriterion.id)
        if active is not None:
            query = query.where(PriorityCriterion.active.is_(active))
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(CriterionSchema)
    @blp.response(201, CriterionSchema)
    def post(self, data):
        """Add a criterion (staff). The weight must be a whole number from 1 to 100."""
        return commit_or_abort(lambda: services.add_criterion(**data))


@blp.route("/criteria/<int:criterion_id>")
class CriterionItem(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @loads(PriorityCriterion, "criterion_id")
    @blp.response(200, CriterionSchema)
    def get(self, criterion):
        return criterion

    @routing.require_roles(STAFF_ROLES)
    @loads(PriorityCriterion, "criterion_id")
    @blp.arguments(CriterionUpdateSchema)
    @blp.response(200, CriterionSchema)
    def patch(self, data, criterion):
        """Change a criterion, or retire it with ``"active": false`` (staff)."""
        return commit_or_abort(lambda: services.update_criterion(criterion, **data))


@blp.route("/scores")
@routing.require_roles(MEMBER_ROLES)
@blp.arguments(ScoreFilterArgs, location="query", as_kwargs=True)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(ScoreSchema))
def list_scores(args, issue_id=None, criterion_id=None, user_id=None):
    """Scores: staff see everyone's (filter by ``user_id``); members see their own."""
    query = select(PriorityScore).order_by(PriorityScore.issue_id, PriorityScore.criterion_id, PriorityScore.user_id)
    if not routing.roles() & STAFF_ROLES:
        user_id = principal().user.id
    for column, value in (
        (PriorityScore.issue_id, issue_id),
        (PriorityScore.criterion_id, criterion_id),
        (PriorityScore.user_id, user_id),
    ):
        if value is not None:
            query = query.where(column == value)
    body, headers = paginate(db.session, query, args)
    return body, 200, headers


@blp.route("/issues/<int:issue_id>/scores", methods=["PUT"])
@routing.require_roles(MEMBER_ROLES)
@loads(Issue, "issue_id")
@blp.arguments(ScoresInSchema)
@blp.response(200, ScoreSchema(many=True))
def put_scores(data, issue):
    """Record your scores for an issue (0 to 5 per criterion). Sending a score again replaces it."""
    scores = {}
    for item in data["scores"]:
        scores[item["criterion_id"]] = item["score"]  # the last of repeated criteria wins, as a second PUT would
    return commit_or_abort(lambda: services.score_issue(issue, principal().user, scores))


@blp.route("/ranking")
@routing.require_roles(MEMBER_ROLES)
@blp.arguments(RankingArgs, location="query", as_kwargs=True)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(RankedIssueSchema))
def get_ranking(args, scored_only=False):
    """Open issues by priority score (weighted mean, 0 to 5), with the number of scorers."""
    rows = ranking.rank_issues(include_unscored=not scored_only)
    body, headers = paginate_list(rows, args)
    return body, 200, headers
