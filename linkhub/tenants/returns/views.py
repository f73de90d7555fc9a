"""Returns pages: six-monthly returns and annual reports (figures from the data, narrative by
host staff; HTML, PDF, CSV and ODS), performance indicators and joint reviews, and the public
page of a published annual report.

The LINk's people read everything here; the local authority role reads returns once sent,
indicators and reviews; host staff write.
"""

from __future__ import annotations

from flask import Response, abort, render_template, request, url_for
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import LOCAL_AUTHORITY_ROLES, RETURN_READER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.tenants.common.forms import ConfirmForm
from linkhub.tenants.common.pages import button, form_page

from . import export, presentation, services
from .forms import DrawForm, IndicatorForm, ReturnForm, ReviewForm, ValueForm, narrative_form
from .models import NARRATIVE, Indicator, JointReview, Return
from .periods import label as period_label

bp = routing.network_blueprint("returns", __name__, "/returns", template_folder="templates")


def _nav(network, roles):
    return [
        {
            "href": url_for("returns.index", network_slug=network.slug),
            "text": "Returns and indicators",
            "roles": RETURN_READER_ROLES,
        }
    ]


shell.nav_providers.append(_nav)


@shell.dashboard_panel(roles=LOCAL_AUTHORITY_ROLES)
def _la_panel(network):
    sent = db.session.scalars(
        select(Return).where(Return.status != "draft").order_by(Return.period_start.desc()).limit(5)
    ).all()
    return {
        "title": "Returns to the local authority",
        "template": "returns/_panel.html",
        "returns": sent,
        "href": url_for("returns.index", network_slug=network.slug),
    }


def _is_staff() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _la_only() -> bool:
    return not (routing.roles() - LOCAL_AUTHORITY_ROLES)


def _readable(return_id: int) -> Return:
    """The local authority reads a return once it is sent; a draft is not there for it (404)."""
    ret = routing.get_or_404(Return, return_id)
    if ret.is_draft and _la_only():
        abort(404)
    return ret


@bp.route("/")
@routing.require_roles(RETURN_READER_ROLES)
def index():
    query = select(Return).order_by(Return.period_start.desc(), Return.kind)
    if _la_only():
        query = query.where(Return.status != "draft")
    indicators = db.session.scalars(select(Indicator).order_by(Indicator.name)).all()
    reviews = db.session.scalars(select(JointReview).order_by(JointReview.period_start.desc())).all()
    return render_template(
        "returns/index.html",
        returns=db.session.scalars(query).all(),
        indicators=indicators,
        reviews=reviews,
        is_staff=_is_staff(),
        period_label=period_label,
    )


@bp.route("/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_return():
    form = ReturnForm()
    return form_page(
        form,
        lambda: services.start_return(kind=form.kind.data, period_start=form.period_start.data),
        success="The return has been started. Its figures come from the records; write the narrative.",
        then=lambda ret: url_for("returns.show", return_id=ret.id),
        title="Start a return",
        back=url_for("returns.index"),
    )


def _document_context(ret: Return, *, charts: bool = True) -> dict:
    figures = services.current_figures(ret)
    return {
        "ret": ret,
        "figures": figures,
        "sections": presentation.sections(figures, charts=charts),
        "drawn": presentation.drawn_label(figures),
        "narrative_titles": NARRATIVE,
        "network": routing.current_network(),
    }


@bp.route("/<int:return_id>")
@routing.require_roles(RETURN_READER_ROLES)
def show(return_id: int):
    ret = _readable(return_id)
    return render_template("returns/return.html", is_staff=_is_staff(), form=ConfirmForm(), **_document_context(ret))


@bp.route("/<int:return_id>/narrative", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def narrative(return_id: int):
    ret = routing.get_or_404(Return, return_id)
    if not ret.is_draft:
        abort(409, f"This return was {ret.status_label.lower()}: it can no longer change.")
    form = narrative_form(ret)
    return form_page(
        form,
        lambda: services.write_narrative(ret, **{key: getattr(form, key).data or "" for key in NARRATIVE}),
        success="The narrative has been saved.",
        then=lambda _: url_for("returns.show", return_id=ret.id),
        title=f"Narrative: {ret.title}",
        back=url_for("returns.show", return_id=ret.id),
    )


@bp.route("/<int:return_id>/submit", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def submit(return_id: int):
    ret = routing.get_or_404(Return, return_id)
    return button(
        lambda: services.submit_return(ret),
        success="The return has been sent to the local authority. Its figures are kept as they were sent.",
        then=url_for("returns.show", return_id=ret.id),
    )


@bp.route("/<int:return_id>/publish", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def publish(return_id: int):
    ret = routing.get_or_404(Return, return_id)
    return button(
        lambda: services.publish_annual(ret),
        success="The annual report is published and joins the national reports library.",
        then=url_for("returns.show", return_id=ret.id),
    )


def _download(body, mimetype: str, ret: Return, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    name = f"{routing.current_network().slug}-{ret.kind}-{ret.period_start.isoformat()}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/<int:return_id>/figures.csv")
@routing.require_roles(RETURN_READER_ROLES)
def figures_csv(return_id: int):
    ret = _readable(return_id)
    return _download(export.figures_csv(ret, services.current_figures(ret)), "text/csv", ret, "csv")


@bp.route("/<int:return_id>/figures.ods")
@routing.require_roles(RETURN_READER_ROLES)
def figures_ods(return_id: int):
    ret = _readable(return_id)
    ods = export.figures_ods(ret, services.current_figures(ret))
    return _download(ods, "application/vnd.oasis.opendocument.spreadsheet", ret, "ods")


@bp.route("/<int:return_id>/return.pdf")
@routing.require_roles(RETURN_READER_ROLES)
def pdf(return_id: int):
    from . import pdf as renderer

    ret = _readable(return_id)
    if not renderer.available():
        abort(503, "PDF output needs WeasyPrint, which is not installed on this server. Use the HTML page instead.")
    html = render_template("returns/print.html", **_document_context(ret))
    return _download(renderer.render(html, base_url=request.url_root), "application/pdf", ret, "pdf")


@bp.route("/annual/<public_ref>")
@routing.public  # a published annual report: figures and narrative, nothing personal
def public_annual(public_ref: str):
    ret = db.session.scalar(select(Return).where(Return.public_ref == public_ref[:16], Return.status == "published"))
    if ret is None:
        abort(404)
    return render_template("returns/public.html", **_document_context(ret))


def _public_links(network):
    latest = db.session.scalar(
        select(Return).where(Return.status == "published").order_by(Return.period_start.desc()).limit(1)
    )
    if latest is None:
        return []
    url = url_for("returns.public_annual", network_slug=network.slug, public_ref=latest.public_ref)
    return [{"href": url, "text": "Our annual report"}]


shell.public_link_providers.append(_public_links)


# --- indicators and joint reviews ---------------------------------------------------------------


def _indicator_values(form) -> dict:
    return dict(
        name=form.name.data,
        definition=form.definition.data,
        target=form.target.data,
        direction=form.direction.data,
        frequency=form.frequency.data,
        measure=form.measure.data,
    )


@bp.route("/indicators/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_indicator():
    form = IndicatorForm()
    return form_page(
        form,
        lambda: services.add_indicator(**_indicator_values(form)),
        success="The indicator has been added.",
        then=lambda i: url_for("returns.indicator", indicator_id=i.id),
        title="Add a performance indicator",
        back=url_for("returns.index"),
    )


@bp.route("/indicators/<int:indicator_id>", methods=["GET", "POST"])
@routing.require_roles(RETURN_READER_ROLES)
def indicator(indicator_id: int):
    item = routing.get_or_404(Indicator, indicator_id)
    value_form, draw_form = ValueForm(prefix="value"), DrawForm(prefix="draw")
    context = dict(indicator=item, value_form=value_form, draw_form=draw_form, is_staff=_is_staff())
    if request.method == "POST":
        if not _is_staff():
            abort(403)
        drawing = "draw-submit" in request.form
        form = draw_form if drawing else value_form
        if drawing:

            def action():
                return services.draw_value(item, period_start=draw_form.period_start.data)
        else:

            def action():
                return services.record_value(
                    item,
                    period_start=value_form.period_start.data,
                    value=value_form.value.data,
                    note=value_form.note.data or "",
                )

        return form_page(
            form,
            action,
            success="The value has been recorded.",
            then=lambda _: url_for("returns.indicator", indicator_id=item.id),
            title=item.name,
            back=url_for("returns.index"),
            template="returns/indicator.html",
            **context,
        )
    return render_template("returns/indicator.html", title=item.name, back=url_for("returns.index"), **context)


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def edit_indicator(indicator_id: int):
    item = routing.get_or_404(Indicator, indicator_id)
    form = IndicatorForm(obj=item)
    return form_page(
        form,
        lambda: services.update_indicator(item, **_indicator_values(form)),
        success="The indicator has been updated.",
        then=lambda i: url_for("returns.indicator", indicator_id=i.id),
        title=f"Change {item.name}",
        back=url_for("returns.indicator", indicator_id=item.id),
    )


@bp.route("/reviews/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_review():
    form = ReviewForm()
    return form_page(
        form,
        lambda: services.record_review(
            period_start=form.period_start.data,
            period_end=form.period_end.data,
            held_on=form.held_on.data,
            attendees=form.attendees.data,
            findings=form.findings.data,
            agreed_actions=form.agreed_actions.data or "",
        ),
        success="The joint review has been recorded.",
        then=lambda r: url_for("returns.review", review_id=r.id),
        title="Record a joint review of the indicators",
        back=url_for("returns.index"),
    )


@bp.route("/reviews/<int:review_id>")
@routing.require_roles(RETURN_READER_ROLES)
def review(review_id: int):
    return render_template(
        "returns/review.html", review=routing.get_or_404(JointReview, review_id), period_label=period_label
    )
