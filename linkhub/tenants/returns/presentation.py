"""A return's figures as sections of labelled rows, with a chart where a breakdown has one (read
only). The HTML page, the public annual report and the PDF all show these same sections."""

from __future__ import annotations

from datetime import datetime

from linkhub.platform.charts import bar_chart
from linkhub.tenants.feedback.models import CHANNELS, THEMES
from linkhub.tenants.finance.models import CATEGORIES, INCOME_SOURCES
from linkhub.tenants.finance.money import pounds
from linkhub.tenants.issues.models import ISSUE_STATUSES
from linkhub.tenants.reports.models import REPORT_TYPES, RESPONSE_STATUSES

from .figures import SECTIONS


def _n(value: int) -> str:
    return f"{value:,}"


def sections(figures: dict, *, charts: bool = True) -> list[dict]:
    f = figures
    fb, iss, req, rep, vis, ref, inv, fin = (
        f["feedback"],
        f["issues"],
        f["requests"],
        f["reports"],
        f["visits"],
        f["referrals"],
        f["involvement"],
        f["finances"],
    )
    out = [
        {
            "key": "feedback",
            "rows": [
                ("Feedback received", _n(fb["total"])),
                ("People who gave it (at most; each anonymous item counts as one)", _n(fb["distinct_people"])),
            ],
            "tables": [
                ("Feedback by channel", [(CHANNELS.get(k, k), v) for k, v in fb["by_channel"].items()]),
                ("Feedback by theme", [(THEMES.get(k, k), v) for k, v in fb["by_theme"].items()]),
            ],
        },
        {
            "key": "issues",
            "rows": [("Issues opened", _n(iss["opened"])), ("Trigger points fired", _n(iss["trigger_points_fired"]))]
            + [
                (f"Of those opened, now {ISSUE_STATUSES[k].lower()}", _n(v)) for k, v in iss["opened_by_status"].items()
            ],
        },
        {
            "key": "requests",
            "rows": [
                ("Requests sent", _n(req["sent"])),
                ("Answered", _n(req["answered"])),
                ("Answered on time (within 20 working days, or an agreed extension)", _n(req["answered_on_time"])),
                ("Answered late", _n(req["answered_late"])),
                ("Overdue and not answered", _n(req["overdue_unanswered"])),
                ("Not yet due", _n(req["waiting"])),
                ("Deadline extended", _n(req["extended"])),
            ],
        },
        {
            "key": "reports",
            "rows": [
                ("Reports published", _n(rep["published"])),
                *[(f"  {REPORT_TYPES.get(k, k)}", _n(v)) for k, v in rep["published_by_type"].items()],
                ("Recommendations in them", _n(rep["recommendations"])),
                *[(f"Recommendations {RESPONSE_STATUSES[k].lower()}", _n(v)) for k, v in rep["responses"].items()],
                ("Recommendations with impact recorded", _n(rep["impact_recorded"])),
                ("Responses received in the period (any report)", _n(rep["responses_received_in_period"])),
            ],
        },
        {
            "key": "visits",
            "rows": [
                ("Visits carried out", _n(vis["carried_out"])),
                ("Entry refused", _n(vis["refused"])),
                ("People using the services spoken with", _n(vis["people_spoken_with"])),
                ("Visits with a report", _n(vis["with_report"])),
            ],
        },
        {
            "key": "referrals",
            "rows": [("Matters referred", _n(ref["referred"])), ("Answered by the committee", _n(ref["answered"]))],
        },
        {
            "key": "involvement",
            "rows": [
                ("Members with an account", _n(inv["members"])),
                ("Authorised representatives", _n(inv["authorised_representatives"])),
                ("Host staff", _n(inv["host_staff"])),
                ("Task groups working", _n(inv["task_groups_active"])),
                ("Work items completed", _n(inv["work_items_completed"])),
                ("Feedback gathered at events", _n(inv["feedback_from_events"])),
            ],
        },
        {
            "key": "finances",
            "rows": [
                ("Income", pounds(fin["income_total"])),
                *[(f"  {INCOME_SOURCES[k]}", pounds(v)) for k, v in fin["income"].items()],
                ("Spending", pounds(fin["spending_total"])),
                ("Income less spending", pounds(fin["income_total"] - fin["spending_total"])),
            ],
            "tables": [("Spending by budget line", [(CATEGORIES[k], v) for k, v in fin["spending"].items()])],
            "money": True,
        },
    ]
    for section in out:
        section["title"] = SECTIONS[section["key"]]
        tables = []
        for caption, items in section.get("tables", []):
            text = pounds if section.get("money") else _n
            rows = [(label, value, text(value)) for label, value in items]
            tables.append({"caption": caption, "rows": rows, "chart": bar_chart(caption, rows) if charts else None})
        section["tables"] = tables
    return out


def drawn_label(figures: dict) -> str:
    moment = datetime.fromisoformat(figures["drawn_at"])
    return moment.strftime("%-d %B %Y at %H:%M UTC")
