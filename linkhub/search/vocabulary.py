"""The closed word lists of the search layer: report types, powers, response statuses, regions.

Event payloads must use these keys (anything else is a malformed payload), and the pages and
the API accept only these as filter values, so a filter can never silently match nothing
because of a spelling. Open lists (providers, service types, pathways, themes, stages) are
whatever the indexed documents hold.
"""

from __future__ import annotations

import re

from linkhub.platform.models import REGIONS

REPORT_TYPES = {
    "network_report": "Network report",
    "enter_and_view": "Enter and view report",
    "joint_report": "Joint report",
    "annual_report": "Annual report",
}
POWERS = {
    "request_for_information": "Request for information",
    "report_with_recommendations": "Report with recommendations",
    "enter_and_view": "Enter and view visit",
    "osc_referral": "Referral to the Overview and Scrutiny Committee",
}
RESPONSE_STATUSES = {
    "awaiting": "Awaiting response",
    "responded": "Responded",
    "overdue": "Response overdue",
    "not_required": "No response required",
}
_REGION_KEYS = {re.sub(r"[^a-z]+", "_", r.lower()).strip("_"): r for r in REGIONS}
_REGION_KEYS |= {"yorkshire": "Yorkshire and the Humber", "east": "East of England"}


def region_name(value: str | None) -> str | None:
    """The platform's region name for a name or a slug ("north_west" -> "North West")."""
    if value in (None, ""):
        return None
    if value in REGIONS:
        return value
    return _REGION_KEYS.get(re.sub(r"[^a-z]+", "_", str(value).lower()).strip("_"))


LABELS = {"report_type": REPORT_TYPES, "powers": POWERS, "response_status": RESPONSE_STATUSES}


def label(facet: str, value: str) -> str:
    """What a person reads for a facet value (the value itself for open lists)."""
    if facet == "pathway" or facet == "stage" or facet == "theme":
        return str(value).replace("_", " ").capitalize()
    return LABELS.get(facet, {}).get(value, str(value))
