"""Identifiers that join the directory with national data.

- **ODS code** (NHS Organisation Data Service): 3 to 6 letters and digits, e.g. ``RHQ`` (an NHS
  trust), ``RHQ01`` (one of its sites), ``C84001`` (a GP practice), ``FA123`` (a pharmacy). The
  same code is used by NHS data, Care Opinion and the NHS website.
- **CQC location id** (Care Quality Commission): ``1-`` and 9 to 11 digits, e.g. ``1-101612345``;
  every CQC inspection report and rating is published against it.

Both are optional; they are checked by format (the registers themselves are not consulted) and
stored in their canonical form (upper case, no spaces).
"""

from __future__ import annotations

import re

ODS_CODE = re.compile(r"^[A-Z0-9]{3,6}$")
CQC_LOCATION_ID = re.compile(r"^1-\d{9,11}$")


def ods_code(text: str | None) -> str | None:
    """Canonical ODS code, None when blank; ValueError when it cannot be one."""
    value = re.sub(r"\s+", "", text or "").upper()
    if not value:
        return None
    if not ODS_CODE.match(value):
        raise ValueError("Enter an ODS code of 3 to 6 letters and numbers, like RHQ or C84001")
    return value


def cqc_location_id(text: str | None) -> str | None:
    """Canonical CQC location id, None when blank; ValueError when it cannot be one."""
    value = re.sub(r"\s+", "", text or "")
    if not value:
        return None
    if not CQC_LOCATION_ID.match(value):
        raise ValueError("Enter a CQC location ID like 1-101612345")
    return value
