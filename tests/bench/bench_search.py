"""Search benchmark: the PostgreSQL backend against a naive GIN baseline, same run, same data.

    python tests/bench/bench_search.py --count 100000            # generate, load, measure
    python tests/bench/bench_search.py --count 100000 --reuse    # measure again, no reload

Data: N synthetic reports (`--words` body words each, default 120) drawn Zipf-like from a
vocabulary of real health and care words followed by a long synthetic tail, with providers,
service types, themes, regions, networks, spread over 2008-2024 and loaded in date order.
It goes into its own database (default `linkhub_search_bench` on LINKHUB_TEST_DATABASE_URL's
server); nothing is written to the repository.

Queries: 2 words, top 20 by relevance, 3 facet groups (region, providers, theme), highlights.
  common = two words each in 10-40% of documents
  mid    = one word in 1-5% + one common word
  rare   = one word in 0.01-0.05% + one common word
Baseline ("naive GIN"): every match ranked by ts_rank_cd, top 20 with ts_headline, exact
total and facet counts over all matches. Backend: PostgresBackend with its cache off
(cold), then the same queries again with the cache on (popular-query figure).
Goal from the issue: p95 <= 50 ms for every class at 1,000,000 reports.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from linkhub.platform.config import normalise_db_url  # noqa: E402
from linkhub.search.backends.postgres import PostgresBackend  # noqa: E402
from linkhub.search.backends.sql import doc_row, install_sql  # noqa: E402
from linkhub.search.documents import SearchDocument, SearchQuery  # noqa: E402

HEAD_WORDS = """care patient patients staff service services hospital ward home visit visits
waiting wait appointment appointments doctor nurse nurses treatment support family families
discharge ambulance emergency department response time times mental health crisis team
community social worker workers dignity respect food meals medication pharmacy access
information leaflet phone call calls letter complaint complaints feedback survey people
resident residents carer carers manager managers clinic clinics surgery dentist dental
referral referrals assessment assessments night day weekend weekends week weeks month
quality safety clean cleanliness privacy transport parking bed beds delay delays improve
improvement improvements recommendation recommendations report reports visitor visitors
children young older disabled learning disability interpreter language hearing sight
elderly dementia stroke cancer maternity midwife midwives outpatient inpatient test tests
results records consent choice booking receptionist reception queue queues trolley
corridor handover paramedic paramedics crew crews rural urban local council commissioner
commissioners trust trusts practice practices provider providers contract contracts
monitoring review reviews meeting meetings priority priorities volunteer volunteers
training equipment wheelchair lift stairs toilet toilets bathroom shower laundry garden
activities activity loneliness isolation friends neighbour benefit benefits housing
""".split()
REGIONS = ["north_east", "north_west", "yorkshire", "east_midlands", "west_midlands",
           "east", "london", "south_east", "south_west"]
TOWNS = """Leeds Bradford York Hull Sheffield Manchester Salford Bolton Wigan Liverpool Leicester
Derby Nottingham Lincoln Birmingham Coventry Dudley Walsall Norwich Ipswich Luton Camden
Hackney Croydon Brighton Kent Reading Oxford Bristol Exeter Plymouth Truro Durham Newcastle
Sunderland Gateshead Carlisle Preston Blackpool Stockport""".split()
KINDS = ["NHS Foundation Trust", "Teaching Hospitals", "Community Health", "Care Home",
         "Medical Practice", "Ambulance Service", "Mental Health Trust", "Home Care Ltd"]
SERVICES = ["hospital", "gp", "care home", "home care", "ambulance", "mental health", "dental",
            "pharmacy", "community nursing", "maternity", "social care", "hospice"]
THEMES = ["waiting", "dignity", "access", "discharge", "communication", "staffing",
          "cleanliness", "food", "safety", "information", "transport", "choice"]
SYLLABLES = "ba be bo da de do fa fe ka ke lo lu ma me mi na ne no pa pe ra re ro sa se ta te " \
            "to va ve zo ly ny gri bru cla dro fen mor tal ven wex".split()


def vocabulary(size: int, rnd: random.Random) -> list[str]:
    tail = set()
    while len(tail) < size - len(HEAD_WORDS):
        tail.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(3, 4))))
    return HEAD_WORDS + sorted(tail)


def generate(count: int, words: int, seed: int = 1):
    """Yield (SearchDocument, set of body words) in publication order."""
    rnd = random.Random(seed)
    vocab = vocabulary(30_000, rnd)
    weights = [1 / (rank + 8) ** 1.05 for rank in range(len(vocab))]  # Zipf-like
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    providers = [f"{t} {k}" for t in TOWNS for k in KINDS]
    start, span = date(2008, 1, 1), (date(2024, 12, 31) - date(2008, 1, 1)).days
    for i in range(count):
        body = rnd.choices(vocab, cum_weights=cum, k=words)
        title = " ".join(rnd.choices(vocab[:400], k=6))
        summary = " ".join(rnd.choices(vocab, cum_weights=cum, k=20))
        town = rnd.choice(TOWNS)
        doc = SearchDocument(
            doc_id=f"report:{i:07d}", kind="report", title=title.capitalize(),
            url=f"/reports/{i}", published_on=start + timedelta(days=span * i // count),
            summary=summary, body=" ".join(body), network=town.lower(),
            network_name=f"{town} LINk", region=REGIONS[TOWNS.index(town) % len(REGIONS)],
            report_type=rnd.choice(["network_report", "enter_and_view", "joint_report"]),
            providers=rnd.sample(providers, rnd.randint(1, 3)),
            service_types=rnd.sample(SERVICES, rnd.randint(1, 2)), theme=rnd.choice(THEMES),
            powers=rnd.sample(["request_for_information", "report_with_recommendations",
                               "enter_and_view", "osc_referral"], rnd.randint(0, 2)),
            response_status=rnd.choice(["awaiting", "responded", "overdue", None]))
        yield doc, set(body) | set(title.split()) | set(summary.split())


COLUMNS = ["doc_id", "kind", "title", "summary", "body", "url", "published_on", "year",
           "facet_keys", "working_group_ids", "fields"]


def load(engine, count: int, words: int) -> Counter:
    """COPY the documents in, indexes built afterwards; returns document frequencies."""
    from psycopg.types.json import Jsonb
    df: Counter = Counter()
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS search_documents, search_index_state")
        install_sql(conn)
        for ix in ("tsv", "tsv_sample", "facets", "sample", "published"):
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_search_documents_{ix}")
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        t0 = time.perf_counter()
        with cur.copy(f"COPY search_documents ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for n, (doc, seen) in enumerate(generate(count, words), 1):
                df.update(seen)
                row = doc_row(doc)
                row["fields"] = Jsonb(row["fields"])
                copy.write_row([row[c] for c in COLUMNS])
                if n % 50_000 == 0:
                    print(f"  loaded {n:,} ({time.perf_counter() - t0:.0f}s)", flush=True)
        raw.commit()
    finally:
        raw.close()
    t0 = time.perf_counter()
    with engine.begin() as conn:
        conn.exec_driver_sql("SET maintenance_work_mem = '1GB'")
        install_sql(conn)  # recreates the indexes
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_search_documents_published "
                             "ON search_documents (published_on, id)")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE search_documents")
    print(f"  indexes + analyze {time.perf_counter() - t0:.0f}s", flush=True)
    return df


def pick_queries(df: Counter, count: int, per_class: int, seed: int = 2) -> dict:
    rnd = random.Random(seed)
    band = lambda lo, hi: sorted(w for w, n in df.items() if lo * count <= n <= hi * count)  # noqa: E731
    common, mid, rare = band(0.10, 0.40), band(0.01, 0.05), band(0.0001, 0.0005)
    if not (common and mid and rare):
        raise SystemExit(f"vocabulary bands empty: {len(common)} {len(mid)} {len(rare)}")
    pairs = lambda a, b: [f"{rnd.choice(a)} {rnd.choice(b)}" for _ in range(per_class)]  # noqa: E731
    return {"common": pairs(common, common), "mid": pairs(mid, common),
            "rare": pairs(rare, common)}


NAIVE = """
WITH m AS MATERIALIZED (
  SELECT d.id, d.facet_keys, ts_rank_cd(d.tsv, websearch_to_tsquery('english', :t)) AS rank
  FROM search_documents d WHERE d.tsv @@ websearch_to_tsquery('english', :t))
SELECT (SELECT count(*) FROM m),
  (SELECT json_agg(x) FROM (SELECT k, count(*) FROM m, unnest(m.facet_keys) k
     WHERE split_part(k, ':', 1) IN ('region', 'providers', 'theme') GROUP BY k) x),
  (SELECT json_agg(h) FROM (
     SELECT d.doc_id, ts_headline('english', d.summary || ' ' || d.body,
                                  websearch_to_tsquery('english', :t)) AS snippet
     FROM (SELECT id, rank FROM m ORDER BY rank DESC LIMIT 20) top
     JOIN search_documents d ON d.id = top.id ORDER BY top.rank DESC) h)
"""


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def measure(engine, queries: dict) -> None:
    cold = PostgresBackend(engine, cache_size=0)
    warm = PostgresBackend(engine, cache_size=1024)
    facets = ("region", "providers", "theme")

    def run_backend(backend, text):
        return backend.search(SearchQuery(text=text, facets=facets, per_page=20))

    def run_naive(text):
        with engine.connect() as conn:
            return conn.execute(sa.text(NAIVE), {"t": text}).one()

    for texts in queries.values():  # warm the buffer cache for both, untimed
        for t in texts:
            run_naive(t), run_backend(cold, t)
    print(f"\n{'class':8} {'matches':>9} {'naive p95':>10} {'backend p95':>12} {'ratio':>6} "
          f"{'p50':>6} {'cached p95':>11} {'estimated':>9}")
    for name, texts in queries.items():
        naive_ms, ms, cached_ms, matches, estimated = [], [], [], [], 0
        for t in texts:
            naive_ms.append(timed(lambda: matches.append(run_naive(t)[0])))
            result = None

            def go():
                nonlocal result
                result = run_backend(cold, t)
            ms.append(timed(go))
            estimated += result.total_is_estimate
        for t in texts:
            run_backend(warm, t)
        for t in texts:
            cached_ms.append(timed(lambda: run_backend(warm, t)))
        print(f"{name:8} {statistics.median(matches):>9,.0f} {p95(naive_ms):>8.1f}ms "
              f"{p95(ms):>10.1f}ms {p95(naive_ms) / p95(ms):>5.1f}x {statistics.median(ms):>4.1f}ms "
              f"{p95(cached_ms):>9.2f}ms {estimated:>5}/{len(texts)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--words", type=int, default=120)
    ap.add_argument("--queries", type=int, default=40, help="queries per class")
    ap.add_argument("--database", default="linkhub_search_bench")
    ap.add_argument("--url", default=os.environ.get(
        "LINKHUB_TEST_DATABASE_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"))
    ap.add_argument("--reuse", action="store_true", help="keep the loaded data")
    args = ap.parse_args()
    url = sa.engine.make_url(normalise_db_url(args.url))
    with sa.create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
        if not conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :d"),
                            {"d": args.database}).first():
            conn.exec_driver_sql(f'CREATE DATABASE "{args.database}"')
    engine = sa.create_engine(url.set(database=args.database))
    loaded = 0
    if args.reuse:
        with engine.connect() as conn:
            loaded = conn.exec_driver_sql("SELECT count(*) FROM search_documents").scalar()
    t0 = time.perf_counter()
    if loaded == args.count:
        df = Counter()
        for _, seen in generate(args.count, args.words):
            df.update(seen)
    else:
        print(f"loading {args.count:,} reports of {args.words} words", flush=True)
        df = load(engine, args.count, args.words)
    print(f"data ready in {time.perf_counter() - t0:.0f}s; N = {args.count:,}")
    measure(engine, pick_queries(df, args.count, args.queries))


if __name__ == "__main__":
    main()
