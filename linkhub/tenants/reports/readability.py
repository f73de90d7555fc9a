"""How hard a summary is to read, shown to its author (read-only; textstat, pinned).

UK reading age = the Flesch-Kincaid grade (a US school grade) + 5. Plain English aims at a
reading age of 9 to 11 (the GOV.UK content guidance: most adults read at that level, and it is
what people read fastest). Under 3 sentences or 20 words the score means little, so it says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

PLAIN_UP_TO = 11  # reading age


@dataclass(frozen=True)
class Readability:
    reading_age: int | None
    grade: float | None
    ease: float | None
    words: int
    verdict: str

    @property
    def label(self) -> str:
        if self.reading_age is None:
            return self.verdict
        return f"Reading age about {self.reading_age}" + ("+" if self.reading_age >= 21 else "") + f": {self.verdict}"


def assess(text: str) -> Readability:
    text = (text or "").strip()
    words = len(re.findall(r"[A-Za-z0-9']+", text))
    if words < 20:
        return Readability(None, None, None, words, "Too short to measure: write at least 20 words")
    grade = float(textstat.flesch_kincaid_grade(text))
    ease = float(textstat.flesch_reading_ease(text))
    age = max(5, min(21, round(grade + 5)))
    if age <= PLAIN_UP_TO:
        verdict = "plain English"
    elif age <= 14:
        verdict = "fairly hard: aim for 9 to 11 with shorter sentences and everyday words"
    else:
        verdict = "hard to read: aim for 9 to 11 with shorter sentences and everyday words"
    return Readability(age, round(grade, 1), round(ease, 1), words, verdict)
