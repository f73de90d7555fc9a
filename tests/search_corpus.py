"""A search corpus generator with its own vocabulary, for the quality check (tests/search/
test_quality.py) and the benchmark (tests/bench/bench_search.py), and the brute-force answer.

Words are invented (consonant-vowel patterns such as ``bakot``, ``zumapod``) so they share
nothing with the demo's or the issue's vocabulary and no stemmer changes them: what the
oracle reads in the text is exactly what every engine indexes. Word frequencies follow a
Zipf law (rank r drawn with weight 1/r**s), so a small corpus already has words in thousands
of documents and words in a handful. Facets (network, region, providers, theme, year) are
drawn from skewed distributions too, with multi-valued providers.

`Oracle` answers a query by reading every document: which match, the exact total, the exact
facet counts (disjunctive, like the backends), and the order of a page once each match has a
score (the score comes from the backend's own scoring function applied to every match; see
the test).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate, product

from linkhub.search.documents import SearchDocument, sort_facet_counts

CONSONANTS, VOWELS = "bdgkmptvz", "aou"
REGIONS = [
    "north_east",
    "north_west",
    "yorkshire",
    "east_midlands",
    "west_midlands",
    "east_of_england",
    "london",
    "south_east",
    "south_west",
]
_WORD = re.compile(r"[a-z0-9]+")


def vocabulary(size: int, seed: int = 0) -> list[str]:
    """`size` distinct invented words, in a random order (their rank = their frequency)."""
    rnd = random.Random(seed)
    syllables = [c + v for c, v in product(CONSONANTS, VOWELS)]
    words: set[str] = set()
    while len(words) < size:
        n = rnd.choice((1, 2, 2, 3))
        words.add("".join(rnd.choice(syllables) for _ in range(n)) + rnd.choice(CONSONANTS))
    out = sorted(words)
    rnd.shuffle(out)
    return out


class Zipf:
    def __init__(self, items: list, s: float, rnd: random.Random):
        self.items, self.rnd = items, rnd
        self.cum = list(accumulate(1 / (r + 1) ** s for r in range(len(items))))

    def draw(self, k: int) -> list:
        return self.rnd.choices(self.items, cum_weights=self.cum, k=k)


def documents(
    n: int,
    seed: int = 1,
    vocab_size: int = 2000,
    body_words: int = 40,
    networks: int = 30,
    providers: int = 200,
    start: int = 0,
):
    """Yield `n` reports (ids report:g<i>), in date order, from 2008 onwards."""
    rnd = random.Random(seed)
    words = Zipf(vocabulary(vocab_size, seed), 1.0, rnd)
    nets = Zipf([(f"net-{i}", REGIONS[i % len(REGIONS)]) for i in range(networks)], 0.8, rnd)
    provs = Zipf([f"Provider {w.title()}" for w in vocabulary(providers, seed + 7)], 0.9, rnd)
    themes = Zipf(["access", "dignity", "waiting", "discharge", "safety", "food", "staffing"], 0.7, rnd)
    days = 17 * 365
    for i in range(start, start + n):
        network, region = nets.draw(1)[0]
        yield SearchDocument(
            doc_id=f"report:g{i}",
            kind="report",
            url=f"/reports/g{i}",
            title=" ".join(words.draw(rnd.randint(2, 6))).capitalize(),
            summary=" ".join(words.draw(rnd.randint(5, 15))),
            body=" ".join(words.draw(rnd.randint(body_words // 2, body_words * 3 // 2))),
            # several documents a day: ties on the date are common
            published_on=date(2008, 1, 1) + timedelta(days=(i - start) * days // max(n, 1)),
            network=network,
            network_name=network.title(),
            region=region,
            report_type=rnd.choice(("network_report", "network_report", "enter_and_view", "joint_report")),
            providers=sorted(set(provs.draw(rnd.choice((0, 1, 1, 2, 3))))),
            theme=themes.draw(1)[0],
        )


def tokens(doc: SearchDocument) -> tuple[set[str], list[str]]:
    """(every word, each field's words joined): a phrase must lie within one field."""
    fields = [" " + " ".join(_WORD.findall(t.lower())) + " " for t in (doc.title, doc.summary, doc.body)]
    return set(" ".join(fields).split()), fields


@dataclass
class OracleQuery:
    groups: list[list[str]]  # AND of OR-groups; an entry with a space is a phrase
    excluded: list[str]
    filters: dict[str, list[str]]
    date_from: date | None = None
    date_to: date | None = None
    hidden: tuple[str, ...] = ()  # suspended networks: their own reports are left out

    def text(self) -> str:
        def clause(c):
            return f'"{c}"' if " " in c else c

        return " ".join(
            [" OR ".join(clause(c) for c in g) for g in self.groups] + [f"-{clause(c)}" for c in self.excluded]
        )


class Oracle:
    """Every answer by reading every document (no index)."""

    def __init__(self, docs: list[SearchDocument]):
        self.docs = {d.doc_id: d for d in docs}
        self.text = {d.doc_id: tokens(d) for d in docs}
        self.values = {d.doc_id: d.facet_values() for d in docs}

    def _has(self, doc_id: str, clause: str) -> bool:
        words, fields = self.text[doc_id]
        return any(f" {clause} " in f for f in fields) if " " in clause else clause in words

    def _passes(self, d: SearchDocument, q: OracleQuery, except_facet: str | None = None) -> bool:
        if q.date_from and d.published_on < q.date_from or q.date_to and d.published_on > q.date_to:
            return False
        if d.kind == "report" and d.network in q.hidden and d.report_type != "joint_report":
            return False
        values = self.values[d.doc_id]
        return all(set(values[f]) & set(vs) for f, vs in q.filters.items() if f != except_facet)

    def text_matches(self, q: OracleQuery) -> list[str]:
        return [
            i
            for i in self.docs
            if all(any(self._has(i, c) for c in g) for g in q.groups) and not any(self._has(i, c) for c in q.excluded)
        ]

    def matches(self, q: OracleQuery, except_facet: str | None = None, among=None) -> list[str]:
        return [
            i for i in (self.text_matches(q) if among is None else among) if self._passes(self.docs[i], q, except_facet)
        ]

    def facets(self, q: OracleQuery, facets: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
        out, among = {}, self.text_matches(q)
        for f in facets:
            counts: Counter = Counter()
            for i in self.matches(q, except_facet=f if f in q.filters else None, among=among):
                counts.update(self.values[i][f])
            out[f] = sort_facet_counts(dict(counts))
        return out
