"""Priority pages: the ranking (and its CSV), the criteria, and scoring an issue.

Members (any network role) read the ranking and score issues; staff and network admins
manage the criteria.
"""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue

from . import ranking, services
from .forms import CriterionForm, score_form
from .models import PriorityCriterion

bp = routing.network_blueprint("priorities", __name__, "/priorities", template_folder="templates")


def _nav(network, roles):
    return [{"href": url_for("priorities.index", network_slug=network.slug), "text": "Priorities"}]


shell.nav_providers.append(_nav)


def _is_staff() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _criteria(active_only: bool = True):
    query = select(PriorityCriterion).order_by(PriorityCriterion.position, PriorityCriterion.id)
    if active_only:
        query = query.where(PriorityCriterion.active.is_(True))
    return db.session.scalars(query).all()


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    return render_template(
        "priorities/index.html",
        rows=ranking.rank_issues(),
        criteria=_criteria(),
        few=ranking.FEW_SCORERS,
        is_staff=_is_staff(),
    )


@bp.route("/ranking.csv")
@routing.require_roles(MEMBER_ROLES)
def ranking_csv():
    response = Response(ranking.ranking_csv(ranking.rank_issues()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{routing.current_network().slug}-priorities.csv"'
    return response


@bp.route("/criteria")
@routing.require_roles(MEMBER_ROLES)
def criteria():
    return render_template("priorities/criteria.html", criteria=_criteria(active_only=False), is_staff=_is_staff())


def _save_criterion(form, criterion=None):
    values = dict(
        name=form.name.data,
        description=form.description.data or "",
        weight=form.weight.data,
        direction=form.direction.data,
    )
    try:
        if criterion is None:
            criterion = services.add_criterion(**values)
        else:
            services.update_criterion(criterion, active=form.active.data, **values)
        db.session.commit()
        flash(f"The criterion ‘{criterion.name}’ has been saved.", "success")
        return redirect(url_for("priorities.criteria"))
    except ServiceError as exc:
        db.session.rollback()
        getattr(form, exc.field if hasattr(form, exc.field or "") else "name").errors.append(exc.message)
        return None


@bp.route("/criteria/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_criterion():
    form = CriterionForm()
    if form.validate_on_submit():
        done = _save_criterion(form)
        if done:
            return done
    return render_template("priorities/criterion_form.html", form=form, criterion=None)


@bp.route("/criteria/<int:criterion_id>", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def edit_criterion(criterion_id: int):
    criterion = routing.get_or_404(PriorityCriterion, criterion_id)
    form = CriterionForm(obj=criterion)
    if form.validate_on_submit():
        done = _save_criterion(form, criterion)
        if done:
            return done
    return render_template("priorities/criterion_form.html", form=form, criterion=criterion)


@bp.route("/issues/<int:issue_id>/score", methods=["GET", "POST"])
@routing.require_roles(MEMBER_ROLES)
def score(issue_id: int):
    issue = routing.get_or_404(Issue, issue_id)
    criteria = _criteria()
    mine = {s.criterion_id: s.score for s in services.my_scores(issue.id, current_user.id)}
    form = score_form(criteria, data={f"criterion_{c}": s for c, s in mine.items()})
    if criteria and form.validate_on_submit():
        scores = {c.id: form[f"criterion_{c.id}"].data for c in criteria}
        try:
            services.score_issue(issue, current_user, scores)
            db.session.commit()
            flash(f"Your scores for ‘{issue.title}’ have been saved.", "success")
            return redirect(url_for("priorities.index"))
        except ServiceError as exc:
            db.session.rollback()
            field = exc.field if exc.field in form else f"criterion_{criteria[0].id}"
            form[field].errors.append(exc.message)
    return render_template("priorities/score.html", form=form, issue=issue, criteria=criteria, rescoring=bool(mine))
