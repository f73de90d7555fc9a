"""Forms of the network's side of sharing (GOV.UK widgets, CSRF on every form)."""

from __future__ import annotations

from linkhub.platform.forms import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired


class IssuePathwayForm(FlaskForm):
    """One select grouped by pathway; each value is ``<pathway slug>:<stage slug>``. The choices
    are filled in by the view; the service, not the form, decides whether the stage belongs to
    the pathway (so the page and the API refuse a mismatch with the same message)."""

    stage = SelectField(
        "Pathway and stage",
        validate_choice=False,
        validators=[DataRequired("Choose the pathway and the stage this issue is about")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def fill(self, pathways) -> "IssuePathwayForm":
        # The pathway in each option too: a closed select shows only the chosen option's text.
        self.stage.choices = {
            p.name: [(f"{p.slug}:{s.slug}", f"{p.name}: {s.name}") for s in p.stages] for p in pathways
        }
        return self

    def slugs(self) -> tuple[str, str]:
        pathway, _, stage = (self.stage.data or "").partition(":")
        return pathway, stage
