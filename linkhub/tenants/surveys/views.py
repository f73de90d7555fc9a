"""Pages of surveys: the builder, paper and phone entry, results (charts, tables, CSV), joint
running with a working group, and the public link (no account) that anyone can answer.

Answering with one question a page keeps nothing on the server between pages: each page posts
the answers so far as hidden fields and only the last page's "Send" (``/send``, rate limited)
records anything. A bot that fills the hidden honeypot field is thanked and nothing is stored.
"""

from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from linkhub.federation import public as federation
from linkhub.platform import clock, routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.charts import bar_chart
from linkhub.platform.db import db
from linkhub.platform.extensions import limiter
from linkhub.platform.routing import loads
from linkhub.platform.services import ServiceError
from linkhub.platform.spreadsheet import safe_cell
from linkhub.tenants.common.forms import ConfirmForm
from linkhub.tenants.common.pages import button, form_page
from linkhub.tenants.directory.models import Service

from . import answers as reading
from . import forms, results, services
from .models import EQUALITY_QUESTIONS, PREFER_NOT, RESPONSE_CHANNELS, Survey, SurveyQuestion, SurveyResponse

bp = routing.network_blueprint("surveys", __name__, "/surveys", template_folder="templates")
ANSWERED_KEY = "surveys_answered"  # the survey tokens this browser has answered (its own cookie)
EQUALITY_PAGE = "equality"


def _nav(network, roles):
    return [{"href": url_for("surveys.index", network_slug=network.slug), "text": "Surveys"}]


def _public_links(network):
    today = clock.today()
    open_surveys = db.session.scalars(select(Survey).where(Survey.status == "open").order_by(Survey.created_at))
    return [
        {
            "href": url_for("surveys.start", network_slug=network.slug, token=s.token),
            "text": f"Take part in our survey: {s.title}",
        }
        for s in open_surveys
        if not s.is_closed(today)
    ]


shell.nav_providers.append(_nav)
shell.public_link_providers.append(_public_links)


def _can_edit() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


# --- staff: list, builder ----------------------------------------------------------------------


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    surveys = db.session.scalars(select(Survey).order_by(Survey.created_at.desc())).all()
    counts = dict(
        db.session.execute(select(SurveyResponse.survey_id, func.count()).group_by(SurveyResponse.survey_id)).all()
    )
    return render_template("surveys/index.html", surveys=surveys, counts=counts, can_edit=_can_edit())


def _service_choices():
    rows = db.session.execute(select(Service.id, Service.name).order_by(Service.name)).all()
    return [(0, "No particular service")] + [(i, n) for i, n in rows]


def _survey_args(form) -> dict:
    return dict(
        title=form.title.data,
        description=form.description.data or "",
        layout=form.layout.data,
        closes_on=form.closes_on.data,
        equality_section=form.equality_section.data,
        theme=form.theme.data,
        service_id=form.service_id.data or None,
    )


@bp.route("/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_survey():
    form = forms.SurveyForm()
    form.service_id.choices = _service_choices()
    return form_page(
        form,
        lambda: services.create_survey(**_survey_args(form)),
        success="Survey created. Add its questions.",
        then=lambda s: url_for("surveys.survey", survey_id=s.id),
        title="Create a survey",
        back=url_for("surveys.index"),
    )


@bp.route("/<int:survey_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(Survey, "survey_id")
def survey(survey):
    groups = federation.groups_of(routing.current_network().id) if _can_edit() else []
    return render_template(
        "surveys/survey.html",
        survey=survey,
        can_edit=_can_edit(),
        confirm=ConfirmForm(),
        groups=groups,
        public_url=url_for("surveys.start", token=survey.token, _external=True),
        closed=survey.is_closed(clock.today()),
    )


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Survey, "survey_id")
def edit(survey):
    form = forms.SurveyForm(obj=survey if request.method == "GET" else None)
    form.service_id.choices = _service_choices()
    if request.method == "GET":
        form.service_id.data = survey.service_id or 0
    back = url_for("surveys.survey", survey_id=survey.id)
    return form_page(
        form,
        lambda: services.update_survey(survey, **_survey_args(form)),
        success="Survey saved.",
        then=lambda s: back,
        title="Change the survey",
        caption=survey.title,
        back=back,
    )


@bp.route("/<int:survey_id>/questions/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Survey, "survey_id")
def new_question(survey):
    form = forms.QuestionForm()
    back = url_for("surveys.survey", survey_id=survey.id)
    return form_page(
        form,
        lambda: services.add_question(
            survey,
            kind=form.kind.data,
            title=form.title.data,
            hint=form.hint.data or "",
            required=form.required.data,
            options=form.options.data or "",
            scale_max=form.scale_max.data or 5,
        ),
        success="Question added.",
        then=lambda q: back,
        title="Add a question",
        caption=survey.title,
        back=back,
    )


@bp.route("/<int:survey_id>/questions/<int:question_id>/remove", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Survey, "survey_id")
@loads(SurveyQuestion, "question_id")
def remove_question(survey, question):
    return button(
        lambda: services.remove_question(survey, question),
        success="Question removed.",
        then=url_for("surveys.survey", survey_id=survey.id),
    )


@bp.route("/<int:survey_id>/open", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Survey, "survey_id")
def open_survey(survey):
    return button(
        lambda: services.open_survey(survey),
        success="The survey is open: anyone with its link can answer.",
        then=url_for("surveys.survey", survey_id=survey.id),
    )


@bp.route("/<int:survey_id>/close", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Survey, "survey_id")
def close_survey(survey):
    return button(
        lambda: services.close_survey(survey),
        success="The survey is closed.",
        then=url_for("surveys.survey", survey_id=survey.id),
    )


@bp.route("/<int:survey_id>/joint", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Survey, "survey_id")
def run_jointly(survey):
    form = forms.JointForm()
    form.working_group_id.choices = [(g.id, g.name) for g in federation.groups_of(routing.current_network().id)]
    back = url_for("surveys.survey", survey_id=survey.id)
    return form_page(
        form,
        lambda: services.run_jointly(survey, working_group_id=form.working_group_id.data),
        success="The survey now runs in every network of the working group, each with its own link.",
        then=lambda s: back,
        title="Run this survey with a working group",
        caption=survey.title,
        back=back,
        intro="Each network in the group gets the same questions and its own public link. Each sees its own "
        "results; the group sees the combined counts, with small numbers suppressed and the rest rounded.",
    )


# --- staff: results ----------------------------------------------------------------------------


def _charts(built):
    return [
        bar_chart(r.question.title, [(text, n, f"{n:,} ({r.percent(n)})") for text, n in r.rows]) if r.rows else None
        for r in built.questions
    ]


@bp.route("/<int:survey_id>/results")
@routing.require_roles(MEMBER_ROLES)
@loads(Survey, "survey_id")
def results_page(survey):
    built = results.build(survey)
    return render_template(
        "surveys/results.html",
        survey=survey,
        results=built,
        charts=_charts(built),
        channels=RESPONSE_CHANNELS,
        equality=results.equality(survey) if survey.equality_section else [],
        threshold=results.EQUALITY_THRESHOLD,
    )


@bp.route("/<int:survey_id>/results.csv")
@routing.require_roles(MEMBER_ROLES)
@loads(Survey, "survey_id")
def results_csv(survey):
    response = Response(results.to_csv(results.build(survey)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="survey-{survey.id}-results.csv"'
    return response


def _combined(survey):
    if not survey.joint_ref:
        abort(404)
    try:
        return federation.combined_survey_results(survey.joint_ref, routing.current_network().id)
    except ServiceError as exc:
        abort(exc.status)


@bp.route("/<int:survey_id>/joint-results")
@routing.require_roles(MEMBER_ROLES)
@loads(Survey, "survey_id")
def joint_results(survey):
    combined = _combined(survey)
    tables = [combined.responses] + combined.questions
    charts = [bar_chart(t.title, [(label, fig.value, fig.text) for label, fig in t.rows]) for t in tables]
    return render_template("surveys/joint_results.html", survey=survey, combined=combined, tables=tables, charts=charts)


@bp.route("/<int:survey_id>/joint-results.csv")
@routing.require_roles(MEMBER_ROLES)
@loads(Survey, "survey_id")
def joint_results_csv(survey):
    combined = _combined(survey)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["table", "row", "figure"])
    for table in [combined.responses] + combined.questions:
        for label, figure in table.rows:
            writer.writerow([safe_cell(table.title), safe_cell(label), figure.text])
        if table.total is not None:
            writer.writerow([safe_cell(table.title), table.total_label, table.total.text])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="joint-survey-{survey.joint_ref}.csv"'
    return response


# --- answering: shared by the public link and staff entry --------------------------------------


def _raw_answers(questions) -> dict:
    """What the request holds for each question, as ``answers.check`` reads it."""
    raw = {}
    for q in questions:
        if q.kind == "checkboxes":
            raw[q.field] = [v for v in request.form.getlist(q.field) if v]
        elif q.kind == "date":
            parts = {p: request.form.get(f"{q.field}-{p}", "") for p in ("day", "month", "year")}
            raw[q.field] = parts if any(v.strip() for v in parts.values()) else None
        else:
            raw[q.field] = request.form.get(q.field)
    return raw


def _raw_equality() -> dict:
    return {key: request.form.get(f"eq_{key}", "") for key in EQUALITY_QUESTIONS}


def _pages(survey) -> list:
    """The pages of questions; the equality section is a page of its own (or joins the one page)."""
    questions = list(survey.questions)
    pages = [[q] for q in questions] if survey.layout == "one_per_page" else [questions]
    if survey.equality_section:
        if survey.layout == "one_per_page":
            pages.append([EQUALITY_PAGE])
        else:
            pages[-1] = pages[-1] + [EQUALITY_PAGE]
    return pages


def _error_list(errors: dict, questions) -> list[dict]:
    anchors = {q.field: f"{q.field}-day" if q.kind == "date" else q.field for q in questions}
    return [{"text": message, "href": f"#{anchors.get(field, field)}"} for field, message in errors.items()]


def _carry(keep_out: set[str]) -> list[tuple[str, str]]:
    """Answers from the other pages, posted again as hidden fields."""
    skip = {"csrf_token", "step", "website"} | keep_out
    return [
        (name, value)
        for name in request.form
        if name not in skip and name.split("-")[0] not in keep_out
        for value in request.form.getlist(name)
    ]


def _values(questions) -> dict:
    values = _raw_answers([q for q in questions if q != EQUALITY_PAGE])
    values.update({f"eq_{k}": v for k, v in _raw_equality().items()})
    return values


def _render_page(survey, pages, step, errors=None, status=200):
    page = pages[step]
    questions = [q for q in page if q != EQUALITY_PAGE]
    fields = {q.field for q in questions} | (
        {f"eq_{k}" for k in EQUALITY_QUESTIONS} if EQUALITY_PAGE in page else set()
    )
    return (
        render_template(
            "surveys/answer.html",
            survey=survey,
            form=forms.AnswerForm(),
            questions=questions,
            with_equality=EQUALITY_PAGE in page,
            equality_questions=EQUALITY_QUESTIONS,
            prefer_not=PREFER_NOT,
            step=step,
            pages=len(pages),
            last=step == len(pages) - 1,
            values=_values(questions) if request.method == "POST" else {},
            errors=errors or {},
            error_list=_error_list(errors or {}, questions),
            carry=_carry(fields) if request.method == "POST" else [],
            single=len(questions) == 1 and EQUALITY_PAGE not in page,
        ),
        status,
    )


def _public_survey(token: str) -> Survey:
    survey = db.session.scalar(select(Survey).where(Survey.token == token))
    if survey is None or survey.status == "draft":
        abort(404)
    return survey


def _closed_page(survey):
    return render_template("surveys/closed.html", survey=survey, message=services.closed_message(survey)), 410


@bp.route("/s/<token>")
@routing.public
def start(token: str):
    survey = _public_survey(token)
    if survey.is_closed(clock.today()):
        return _closed_page(survey)
    return render_template(
        "surveys/start.html",
        survey=survey,
        answered_before=survey.token in session.get(ANSWERED_KEY, []),
        pages=len(_pages(survey)),
    )


@bp.route("/s/<token>/answer", methods=["GET", "POST"])
@limiter.limit("600 per hour", methods=["POST"])
@routing.public
def answer(token: str):
    """One page of questions: checked, then the next page (nothing stored until ``send``)."""
    survey = _public_survey(token)
    if survey.is_closed(clock.today()):
        return _closed_page(survey)
    pages = _pages(survey)
    if request.method == "GET":
        return _render_page(survey, pages, 0)
    form = forms.AnswerForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        step = max(0, min(int(request.form.get("step", "0")), len(pages) - 1))
    except ValueError:
        step = 0
    errors = _page_errors(pages[step])
    if errors:
        return _render_page(survey, pages, step, errors)
    return _render_page(survey, pages, min(step + 1, len(pages) - 1))


def _page_errors(page) -> dict:
    questions = [q for q in page if q != EQUALITY_PAGE]
    _, errors = reading.check(questions, _raw_answers(questions))
    if EQUALITY_PAGE in page:
        _, problems = reading.check_equality(_raw_equality())
        errors.update(problems)
    return errors


@bp.route("/s/<token>/send", methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"])
@routing.public
def send(token: str):
    """The last page: every answer checked again and recorded (a feedback item too)."""
    survey = _public_survey(token)
    if survey.is_closed(clock.today()):
        return _closed_page(survey)
    form = forms.AnswerForm()
    if not form.validate_on_submit():
        abort(400)
    if request.form.get("website"):  # a bot filled the honeypot: thank it, store nothing
        return redirect(url_for("surveys.done", token=token))
    pages = _pages(survey)
    for step, page in enumerate(pages):  # the first page with a problem is shown again
        errors = _page_errors(page)
        if errors:
            return _render_page(survey, pages, step, errors)
    answered = session.get(ANSWERED_KEY, [])
    try:
        response = services.submit(
            survey,
            _raw_answers(survey.questions),
            equality={k: v for k, v in _raw_equality().items() if v} if survey.equality_section else None,
            channel="web",
            repeat=token in answered,
        )
        reference = response.reference
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        if exc.status == 410:
            return _closed_page(survey)
        field = exc.field or (survey.questions[0].field if survey.questions else "")
        return _render_page(survey, pages, len(pages) - 1, {field: exc.message})
    session[ANSWERED_KEY] = ([t for t in answered if t != token] + [token])[-50:]
    session["survey_reference"] = reference
    return redirect(url_for("surveys.done", token=token))


@bp.route("/s/<token>/done")
@routing.public
def done(token: str):
    survey = _public_survey(token)
    return render_template("surveys/done.html", survey=survey, reference=session.pop("survey_reference", None))


@bp.route("/<int:survey_id>/entry", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Survey, "survey_id")
def entry(survey):
    """Staff type in a paper form or answers given by phone: every question on one page."""
    form = forms.AnswerForm()
    questions = list(survey.questions)
    errors: dict = {}
    channel = request.form.get("channel", "paper")
    if request.method == "POST" and form.validate_on_submit():
        if channel not in ("paper", "phone"):
            errors["channel"] = "Choose paper form or phone call"
        errors.update(_page_errors(questions + ([EQUALITY_PAGE] if survey.equality_section else [])))
        if not errors:
            try:
                response = services.submit(
                    survey,
                    _raw_answers(questions),
                    equality={k: v for k, v in _raw_equality().items() if v} if survey.equality_section else None,
                    channel=channel,
                    entered_by=current_user,
                )
                reference = response.reference
                db.session.commit()
                flash(f"Response {reference} saved. You can enter the next one.", "success")
                return redirect(url_for("surveys.entry", survey_id=survey.id))
            except ServiceError as exc:
                db.session.rollback()
                errors[exc.field or "channel"] = exc.message
    return render_template(
        "surveys/entry.html",
        survey=survey,
        form=form,
        questions=questions,
        with_equality=survey.equality_section,
        equality_questions=EQUALITY_QUESTIONS,
        prefer_not=PREFER_NOT,
        channel=channel,
        values=_values(questions) if request.method == "POST" else {},
        errors=errors,
        error_list=_error_list(errors, questions),
        single=False,
    )


@bp.app_template_filter("survey_item")
def survey_item(option: str, chosen) -> dict:
    """A radios or checkboxes item of one answer (as text: user text never goes into ``html``)."""
    checked = option in chosen if isinstance(chosen, list) else option == chosen
    return {"value": option, "text": option, "checked": checked}
