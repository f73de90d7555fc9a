"""API of reach: who gave views against the local population (members; totals only, through
the disclosure method), and the population profile (staff)."""

from __future__ import annotations

from linkhub.platform import clock, routing
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.endpoints import commit_or_abort

from . import queries, services
from .schemas import PopulationSchema, ReachArgs, ReachSchema

blp = routing.network_api_blueprint("equality_api", __name__, "/reach", description="Equality monitoring and reach")


@blp.route("/")
@routing.require_roles(MEMBER_ROLES)
@blp.arguments(ReachArgs, location="query")
@blp.response(200, ReachSchema)
def get_reach(args):
    """Equality answers of a year (default this year) against the local population."""
    year = args.get("year") or clock.today().year
    tables = queries.reach(year)
    return {
        "year": year,
        "threshold": queries.THRESHOLD,
        "tables": tables,
        "under_heard": [
            {"question": t.question, "answer": r.answer, "label": f"{t.label}: {r.label}", "gap": r.gap}
            for t, r in queries.under_heard(tables, limit=10)
        ],
    }


@blp.route("/population", methods=["PUT"])
@routing.require_roles(STAFF_ROLES)
@blp.arguments(PopulationSchema)
@blp.response(200, PopulationSchema)
def put_population(data):
    """Replace the local population's shares (per cent) for one question."""
    rows = commit_or_abort(lambda: services.set_population(data["question"], data["shares"], data["source"]))
    return {"question": data["question"], "shares": {r.answer: r.percent for r in rows}, "source": data["source"]}
