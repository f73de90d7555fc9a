"""Turn whatever a person typed into a small, always-valid query tree.

Supported syntax (a subset of web-search habits, same on every backend):
  words            all must match (stemmed: "visits" finds "visit")
  "a phrase"       words adjacent, in order; an unclosed quote runs to the end
  -word -"phrase"  exclude documents that match
  word*            prefix (at least 2 characters before the star)
  a OR b           either (binds tighter than the implicit AND, like websearch_to_tsquery)

Everything else is treated as plain words: operators at the ends, lone "-", FTS5 or
tsquery punctuation (^ : ( ) + & | ! < >), NEAR, control characters. Only letters and digits
survive into a clause, so each backend can render clauses without any escaping. The result
never raises; at worst it is empty, which callers treat as "browse by date".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_CHARS = 256
MAX_CLAUSES = 12
MIN_PREFIX = 2

_TOKEN = re.compile(r'-?"[^"]*"?|[^\s"]+')
_WORD = re.compile(r"[^\W_]+")
_OPERATORS = {"and", "or", "not"}


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]  # more than one word = phrase
    prefix: bool = False  # last word is a prefix

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[tuple[Clause, ...], ...] = ()  # AND of OR-groups
    excluded: tuple[Clause, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def has_positive(self) -> bool:
        return bool(self.groups)

    def positive_words(self) -> list[str]:
        return [w for group in self.groups for clause in group for w in clause.words]


def _clause(chunk: str) -> Clause | None:
    words = tuple(w.lower() for w in _WORD.findall(chunk))
    if not words:
        return None
    prefix = chunk.rstrip().endswith("*") and len(words[-1]) >= MIN_PREFIX
    return Clause(words, prefix)


def parse(text: str | None) -> ParsedQuery:
    text = (text or "")[:MAX_QUERY_CHARS]
    groups: list[list[Clause]] = []
    excluded: list[Clause] = []
    pending_or = False
    count = 0
    for token in _TOKEN.findall(text):
        if count >= MAX_CLAUSES:
            break
        negated = token.startswith("-")
        body = token[1:] if negated else token
        if not negated and body.lower() in _OPERATORS:
            # "OR" only joins two clauses; at either end (or doubled) it is ignored.
            pending_or = body.lower() == "or" and bool(groups)
            continue
        clause = _clause(body)
        if clause is None:
            continue
        count += 1
        if negated:
            excluded.append(clause)
        elif pending_or:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        pending_or = False
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))
