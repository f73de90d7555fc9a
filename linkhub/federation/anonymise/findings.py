"""What the scrubber finds: typed spans of text, and how overlaps are resolved."""

from __future__ import annotations

from dataclasses import dataclass


NAME = "NAME"
NHS_NUMBER = "NHS NUMBER"
PHONE = "PHONE"
EMAIL = "EMAIL"
POSTCODE = "POSTCODE"
ADDRESS = "ADDRESS"
DATE_OF_BIRTH = "DATE OF BIRTH"
NI_NUMBER = "NI NUMBER"
HOSPITAL_NUMBER = "HOSPITAL NUMBER"
SOCIAL_MEDIA = "SOCIAL MEDIA"
VEHICLE = "VEHICLE REGISTRATION"

# When two findings overlap, the earlier type in this list wins: the more
# specific pattern (an e-mail contains digits that look like a phone number).
_PRIORITY = (
    EMAIL,
    SOCIAL_MEDIA,
    NHS_NUMBER,
    NI_NUMBER,
    DATE_OF_BIRTH,
    HOSPITAL_NUMBER,
    PHONE,
    VEHICLE,
    POSTCODE,
    ADDRESS,
    NAME,
)
_RANK = {kind: rank for rank, kind in enumerate(_PRIORITY)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier found in a text: its type, where it is, what it says."""

    type: str
    start: int
    end: int
    text: str

    @property
    def placeholder(self) -> str:
        return f"[{self.type}]"


def _resolve(findings: list[Finding]) -> list[Finding]:
    """Drop findings that overlap a higher-priority (then longer) one."""
    ordered = sorted(findings, key=lambda f: (_RANK[f.type], f.start - f.end))
    kept: list[Finding] = []
    for f in ordered:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return kept


def _finding(kind: str, text: str, start: int, end: int) -> Finding:
    return Finding(kind, start, end, text[start:end])
