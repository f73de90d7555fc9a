"""Search benchmark: every backend's answer checked against the exact answer, then timed.

    python tests/bench/bench_search.py --count 100000             # generate, load, check, time
    python tests/bench/bench_search.py --count 1000000 --reuse    # time again without reloading

Data: `--count` reports from tests/search_corpus.py (invented vocabulary of `--vocab` words,
Zipf-distributed, nothing shared with the demo or the issue), loaded into
- tantivy (the single-machine engine, an index directory under --dir),
- PostgreSQL (PostgresBackend, its own database `--database` on LINKHUB_TEST_DATABASE_URL's
  server), queried through the RUM index when the extension is installed, and through plain GIN.

Queries (2 words, relevance, page 1 = top 20, highlights, 3 facet groups region/providers/theme):
  common        two words each in 15-40% of reports
  mid           a word in 1-5% + a common word
  rare          a word in 0.02-0.1% + a common word
  common+filter a common pair + a region filter
The oracle: a Python inverted index built while generating (no engine) gives every query's
exact matches, total and facet counts; each engine's scores over *every* match (tantivy: an
exhaustive collector; PostgreSQL: the naive query that scores every match and sorts) give the
exact top 20. Before any time is printed the bench asserts, for every query and backend,
total and facets equal the oracle's and the page equals the exact top 20 (recall@20 = 1.0).
Then: p50/p95 per class and backend, the naive exact PostgreSQL query's p50/p95 beside them and
the ratio, and the load average while each class ran (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from array import array
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from linkhub.platform.config import normalise_db_url  # noqa: E402
from linkhub.search.backends.postgres import PostgresBackend, tsquery_sql  # noqa: E402
from linkhub.search.backends.tantivy_backend import TantivyBackend, _day  # noqa: E402
from linkhub.search.documents import SearchQuery, sort_facet_counts  # noqa: E402
from linkhub.search.query_text import parse  # noqa: E402
from tests.search_corpus import REGIONS, documents, tokens  # noqa: E402

FACETS = ("region", "providers", "theme")


class Oracle:
    """Postings (word -> doc numbers) and each document's facet values, from one pass."""

    def __init__(self, args):
        self.postings: dict[str, array] = {}
        self.ids: list[str] = []
        self.days = array("i")
        self.facets: list[dict] = []
        for n, doc in enumerate(corpus(args)):
            self.ids.append(doc.doc_id)
            self.days.append(_day(doc.published_on))
            values = doc.facet_values()
            self.facets.append({f: tuple(values[f]) for f in FACETS})
            for word in tokens(doc)[0]:
                self.postings.setdefault(word, array("i")).append(n)
        self.n = len(self.ids)

    def df(self) -> Counter:
        return Counter({w: len(p) for w, p in self.postings.items()})

    def answer(self, words, region=None) -> tuple[list[int], dict]:
        docs = set(self.postings.get(words[0], ()))
        for w in words[1:]:
            docs &= set(self.postings.get(w, ()))
        facets = {}
        for f in FACETS:  # disjunctive: a facet's own filter does not narrow it
            counts = Counter()
            for d in docs:
                if f == "region" or region is None or self.facets[d]["region"] == (region,):
                    counts.update(self.facets[d][f])
            facets[f] = sort_facet_counts(dict(counts))
        if region:
            docs = {d for d in docs if self.facets[d]["region"] == (region,)}
        return sorted(docs), facets


def corpus(args):
    return documents(
        args.count, seed=args.seed, vocab_size=args.vocab, body_words=args.words, networks=150, providers=2000
    )


def pick(df: Counter, n: int, per_class: int, seed: int = 3) -> dict:
    rnd = random.Random(seed)

    def band(lo, hi):
        words = sorted(w for w, c in df.items() if lo * n <= c <= hi * n)
        if not words:
            raise SystemExit(f"no word in {lo:.2%}-{hi:.2%} of documents: use more --count or --words")
        return words

    common, mid, rare = band(0.15, 0.40), band(0.01, 0.05), band(0.0002, 0.001)
    out = {"common": [], "mid": [], "rare": [], "common+filter": []}
    for _ in range(per_class):
        a, b = rnd.sample(common, 2)
        out["common"].append(([a, b], None))
        out["mid"].append(([rnd.choice(mid), rnd.choice(common)], None))
        out["rare"].append(([rnd.choice(rare), rnd.choice(common)], None))
        a, b = rnd.sample(common, 2)
        out["common+filter"].append(([a, b], rnd.choice(REGIONS)))
    return out


def query(words, region) -> SearchQuery:
    return SearchQuery(text=" ".join(words), facets=FACETS, per_page=20, filters={"region": [region]} if region else {})


# -- exact top 20 from each engine's scores over every match ------------------------------
def tantivy_top(backend: TantivyBackend, q: SearchQuery, total: int) -> list[str]:
    text, _ = backend._text_query(parse(q.text))
    searcher = backend.index_.searcher()
    hits = searcher.search(backend._query(text, q), limit=max(total, 1), count=False).hits
    addresses = [a for _, a in hits]
    days = searcher.fast_field_values("day", addresses)
    ties = searcher.fast_field_values("tie", addresses)
    best = sorted(zip(hits, days, ties), key=lambda r: (-r[0][0], -r[1], -r[2]))[:20]
    return [searcher.doc(h[1]).to_dict()["doc_id"][0] for h, _, _ in best]


def naive_sql(backend: PostgresBackend, conn, q: SearchQuery) -> tuple[str, dict]:
    """Score every match, sort, take 20; count every match and its facets. Exact by construction."""
    fn, arg = tsquery_sql(parse(q.text))
    tsq = f"{fn}('english'::regconfig, :q)"
    score, best = backend.score_sql(conn, tsq)
    _region = "AND d.facet_keys && CAST(:r AS text[])" if q.filters else ""  # noqa: F841  (kept beside the facets for reading)
    facets = ", ".join(
        f"(SELECT json_agg(json_build_array(k, n)) FROM (SELECT k, count(*) n FROM m, unnest(m.facet_keys) k "
        f"WHERE split_part(k, ':', 1) = '{f}' {'AND m.f' if f != 'region' and q.filters else ''} GROUP BY k) x)"
        for f in FACETS
    )
    sql = (
        f"WITH m AS MATERIALIZED (SELECT d.id, d.doc_id, d.published_on, d.facet_keys, {score} AS s, "
        f"{'d.facet_keys && CAST(:r AS text[])' if q.filters else 'TRUE'} AS f "
        f"FROM search_documents d WHERE d.tsv @@ {tsq}) "
        f"SELECT (SELECT count(*) FROM m WHERE m.f), "
        f"(SELECT array_agg(x.doc_id ORDER BY x.s {best}, x.published_on DESC, x.id DESC) FROM ("
        f"SELECT t.doc_id, t.s, t.published_on, t.id, "
        f"ts_headline('english'::regconfig, d.summary || ' ' || d.body, {tsq}) AS h "
        f"FROM (SELECT * FROM m WHERE m.f ORDER BY s {best}, published_on DESC, id DESC LIMIT 20) t "
        f"JOIN search_documents d ON d.id = t.id) x), {facets}"
    )
    params = {"q": arg, "r": [f"region:{v}" for v in q.filters.get("region", [])]}
    return sql, params


def run_naive(backend: PostgresBackend, q: SearchQuery):
    with backend.engine.connect() as conn:
        conn.exec_driver_sql("SET jit = off")
        sql, params = naive_sql(backend, conn, q)
        row = conn.execute(sa.text(sql), params).one()
    facets = {}
    for f, rows in zip(FACETS, row[2:]):
        facets[f] = sort_facet_counts({k.split(":", 1)[1]: n for k, n in rows or []})
    top = list(row[1] or [])
    return row[0], top, facets


def ms(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def pct(values, p) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def facet_error(got: dict, want: dict) -> float:
    worst = 0.0
    for f in FACETS:
        g, w = dict(got.get(f, [])), dict(want[f])
        for value in set(g) | set(w):
            worst = max(worst, abs(g.get(value, 0) - w.get(value, 0)) / max(w.get(value, 0), 1))
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--vocab", type=int, default=20_000)
    ap.add_argument("--words", type=int, default=60, help="body words per report (mean)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--queries", type=int, default=20, help="queries per class")
    ap.add_argument("--database", default="test_search_bench")
    ap.add_argument("--dir", default="/tmp/linkhub-bench-tantivy")
    ap.add_argument(
        "--url", default=os.environ.get("LINKHUB_TEST_DATABASE_URL", "postgresql://root@127.0.0.1:5432/test")
    )
    ap.add_argument("--reuse", action="store_true", help="keep the loaded data")
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()

    print(
        f"# {args.count:,} reports, vocabulary {args.vocab:,}, ~{args.words} body words; "
        f"load average at start {os.getloadavg()}",
        flush=True,
    )
    t = time.perf_counter()
    oracle = Oracle(args)
    print(f"oracle (Python postings) built in {time.perf_counter() - t:.0f} s", flush=True)
    queries = pick(oracle.df(), oracle.n, args.queries)

    tantivy = TantivyBackend(args.dir)
    backends = {"tantivy": tantivy}
    if not args.reuse:
        t = time.perf_counter()
        tantivy.reindex(corpus(args))
        print(
            f"tantivy: indexed in {time.perf_counter() - t:.0f} s, "
            f"{sum(f.stat().st_size for f in Path(args.dir).iterdir()) / 1e6:.0f} MB",
            flush=True,
        )
    if not args.skip_postgres:
        url = sa.engine.make_url(normalise_db_url(args.url))
        admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": args.database}):
                conn.exec_driver_sql(f'CREATE DATABASE "{args.database}"')
        engine = sa.create_engine(url.set(database=args.database), pool_size=2)
        pg = PostgresBackend(engine, cache_size=0)
        if not args.reuse:
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS search_documents, search_documents_next, search_index_state")
            pg.install()
            t = time.perf_counter()
            pg.reindex(corpus(args))
            with engine.connect() as conn:
                size = conn.scalar(sa.text("SELECT pg_total_relation_size('search_documents')"))
            print(f"postgresql: indexed in {time.perf_counter() - t:.0f} s, {size / 1e6:.0f} MB", flush=True)
        with engine.connect() as conn:
            rum = pg.uses_rum(conn)
        backends[f"postgresql ({'RUM' if rum else 'GIN'})"] = pg
        if rum:
            backends["postgresql (plain GIN)"] = PostgresBackend(engine, cache_size=0, rum=False)

    # 1. Every answer equals the exact answer, before anything is timed.
    checked = {name: {"recall": [], "facet_error": []} for name in backends}
    for cls, qs in queries.items():
        for words, region in qs:
            q = query(words, region)
            docs, facets = oracle.answer(words, region)
            for name, backend in backends.items():
                got = backend.search(q)
                assert got.total == len(docs), (name, cls, words, got.total, len(docs))
                assert got.facets == facets, (name, cls, words, "facets differ")
                if name == "tantivy":
                    exact = tantivy_top(backend, q, got.total)
                else:
                    total, exact, naive_facets = run_naive(backend, q)
                    assert total == len(docs) and naive_facets == facets, (name, words, "naive differs")
                page = [h.doc_id for h in got.hits]
                assert page == exact, (name, cls, words, page[:3], exact[:3])
                assert not got.hits or any("<mark>" in h.snippet for h in got.hits), (name, words, "no highlights")
                checked[name]["recall"].append(len(set(page) & set(exact)) / len(exact) if exact else 1.0)
                checked[name]["facet_error"].append(facet_error(got.facets, facets))
    print("answers checked: every backend's total, facets and top 20 equal the exact answer", flush=True)

    # 2. Times.
    print(
        "\n| class | matches (median) | backend | p50 ms | p95 ms | recall@20 | facet error | naive exact PG p50 / p95 ms | p95 ratio | load avg (1 min) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    naive_backend = next((b for n, b in backends.items() if n.startswith("postgresql (plain")), None) or next(
        (b for n, b in backends.items() if n.startswith("postgresql")), None
    )
    for cls, qs in queries.items():
        sizes = [len(oracle.answer(w, r)[0]) for w, r in qs]
        naive = [ms(lambda q=query(w, r): run_naive(naive_backend, q)) for w, r in qs] if naive_backend else []
        for name, backend in backends.items():
            load = os.getloadavg()[0]
            times = [ms(lambda q=query(w, r): backend.search(q)) for w, r in qs]
            ratio = f"{pct(naive, 95) / pct(times, 95):.1f}x" if naive else "-"
            naive_text = f"{pct(naive, 50):.0f} / {pct(naive, 95):.0f}" if naive else "-"
            print(
                f"| {cls} | {int(statistics.median(sizes)):,} | {name} | {pct(times, 50):.1f} | {pct(times, 95):.1f} "
                f"| {min(checked[name]['recall']):.2f} | {max(checked[name]['facet_error']):.3f} | {naive_text} "
                f"| {ratio} | {load:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
