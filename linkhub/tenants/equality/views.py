"""Reach pages: who gave views this year against the local population (members), and the
population profile the host enters (staff). Every figure goes through the disclosure method."""

from __future__ import annotations

from flask import abort, render_template, request, url_for

from linkhub.platform import clock, routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.tenants.common.pages import form_page

from . import queries, services
from .categories import QUESTIONS
from .forms import population_form

bp = routing.network_blueprint("equality", __name__, "/reach", template_folder="templates")


def _nav(network, roles):
    return [{"href": url_for("equality.reach", network_slug=network.slug), "text": "Reach"}]


shell.nav_providers.append(_nav)


@shell.dashboard_panel
def _reach_panel(network):
    tables = queries.reach(clock.today().year)
    return {
        "title": "Who we hear from",
        "template": "equality/_panel.html",
        "under_heard": queries.under_heard(tables),
        "total": tables[0].total if tables else None,
        "href": url_for("equality.reach", network_slug=network.slug),
    }


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def reach():
    year = request.args.get("year", type=int) or clock.today().year
    if not 2000 <= year <= clock.today().year:
        abort(404)
    tables = queries.reach(year)
    return render_template(
        "equality/reach.html",
        tables=tables,
        under_heard=queries.under_heard(tables),
        year=year,
        threshold=queries.THRESHOLD,
        minimum=queries.MIN_TO_COMPARE,
        is_staff=bool(routing.roles() & STAFF_ROLES),
        questions=QUESTIONS,
    )


@bp.route("/population", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def population():
    question = request.args.get("question", "")
    if question not in QUESTIONS:
        abort(404)
    form = population_form(question)()
    current = queries.population().get(question, {})
    if request.method == "GET":
        for code, (percent, source) in current.items():
            getattr(form, code).data = percent
            form.source.data = source
    codes = [code for code, _ in QUESTIONS[question]["answers"]]
    return form_page(
        form,
        lambda: services.set_population(
            question,
            {c: (float(getattr(form, c).data) if getattr(form, c).data is not None else None) for c in codes},
            form.source.data or "",
        ),
        success=f"The local population's {QUESTIONS[question]['short'].lower()} profile has been saved.",
        then=lambda rows: url_for("equality.reach"),
        title=f"Local population: {QUESTIONS[question]['short'].lower()}",
        caption="Population profile",
        back=url_for("equality.reach"),
        intro=(
            "Enter each answer's share of the local population, in per cent, from the census for your "
            "local authority. Leave an answer empty if you do not have it."
        ),
    )
