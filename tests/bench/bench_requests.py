"""Per-request cost at national scale (issue 15), on PostgreSQL, in one run.

Data: 50,000 feedback items in network "big" (two years, varied channels, themes, services,
a tenth of them in 40 issues) and 50 in network "small", loaded with one INSERT ... SELECT each.
Requests go through the WSGI app in process (Flask's test client: server time, no HTTP), each
figure a median of interleaved runs, printed with the load average beside it.

1. API list (first page) and item vs a minimal Flask view replaying the app's own SQL (captured
   from the app's request, with its set_config) through psycopg and returning the same JSON;
   the two bodies are checked equal first.
2. Pages at 50,000 vs 50 items: feedback list, dashboard, issues, powers, reports.
3. Deep page: API feedback page 2,000 (by cursor) vs page 1; its rows checked against OFFSET.
4. A shared token: 4 threads with one token vs 4 threads with a token each (requests/s).
5. Public feedback POST: requests/s, statements and CPU per POST, in a subprocess per code
   tree: this one and ``--base`` (default: the commit before issue 15, exported with git archive).
6. The same with the embedded worker running in that process (as ``linkhub serve`` starts it):
   requests/s and the outbox lag (done_at - created_at) of each ``feedback.received`` event,
   p50 and p95, waited for until every event is done (CPU then includes the worker's).

Run: ``python tests/bench/bench_requests.py`` (drops and recreates its own database, see
``bench_intake.bench_database_url``; ``--reuse`` keeps the loaded one).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE_COMMIT = "09e4206"


def load() -> str:
    return "load %.1f" % os.getloadavg()[0]


def median_ms(samples) -> float:
    return statistics.median(samples) * 1000


# --- set-up ------------------------------------------------------------------------------------


def make_app(url: str, tmp: Path, migrate_first: bool, worker: bool = False):
    os.environ.update(
        LINKHUB_DATABASE_URL=url,
        LINKHUB_INSTANCE_PATH=str(tmp),
        LINKHUB_SECRET_KEY="bench",
        LINKHUB_INSECURE_COOKIES="1",
    )
    from linkhub.app import create_app
    from linkhub.platform import migrate
    from linkhub.platform.config import Config

    config = Config(
        TESTING=True, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False, BROKER_URL="", EMBEDDED_WORKER=worker
    )
    if migrate_first:
        migrate.upgrade(config)
    return create_app(config, start_worker=worker)


def seed(app, owner_url: str) -> dict:
    """Networks, a person, tokens; then the feedback in bulk as the owner."""
    import psycopg

    from linkhub.platform import services
    from linkhub.platform.db import db
    from linkhub.platform.tenancy import network_scope
    from linkhub.tenants.directory import services as directory
    from linkhub.tenants.issues import services as issues

    facts = {"tokens": []}
    with app.app_context():
        admin = services.create_user(email="bench@example.org", name="Bench", password="bench-password-2026")
        for slug in ("big", "small"):
            network = services.create_network(
                slug=slug,
                name=f"{slug.title()} LINk",
                local_authority="Bench",
                region="London",
                host_organisation="Bench CVS",
            )
            services.add_membership(admin, network, "network_admin")
            db.session.commit()
            with network_scope(network.id):
                for p in range(5):
                    provider = directory.add_provider(name=f"{slug} provider {p}", kind="nhs_trust")
                    for s in range(4):
                        directory.add_service(
                            provider_id=provider.id, name=f"Service {p}.{s}", service_type="emergency"
                        )
                for k in range(40 if slug == "big" else 1):
                    issues.create_issue(title=f"Issue {k}", theme="access")
                db.session.commit()
            facts[slug] = network.id
        big = db.session.get(services.Network, facts["big"])
        for k in range(5):
            _, secret = services.create_token(admin, name=f"t{k}", role="network_admin", network=big)
            facts["tokens"].append(secret)
        db.session.commit()
    themes = ["access", "communication", "dignity", "safety", "staffing", "discharge", "environment", "transport"]
    channels = ["web", "phone", "event", "email", "survey", "visit", "letter"]
    with psycopg.connect(owner_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        for slug, count in (("big", 50_000), ("small", 50)):
            conn.execute(
                """
                INSERT INTO feedback (network_id, reference, channel, service_id, provider_id, service_text, theme,
                                      what_happened, rating, consent_to_contact, equality, issue_id, received_at)
                SELECT %(n)s, upper(substr(md5(random()::text || g), 1, 10)),
                       (%(channels)s::text[])[1 + g %% 7], s.id, s.provider_id, '',
                       (%(themes)s::text[])[1 + (g / 7) %% 8],
                       'Feedback number ' || g || ': ' || repeat('waited a long time ', 1 + g %% 12),
                       1 + g %% 5, false, '{}',
                       CASE WHEN g %% 10 = 0 THEN (SELECT id FROM issues WHERE network_id = %(n)s
                                                   ORDER BY id OFFSET g %% (SELECT count(*) FROM issues WHERE network_id = %(n)s) LIMIT 1) END,
                       now() - (g * interval '1 minute') * (730 * 24 * 60 / %(count)s)
                FROM generate_series(1, %(count)s) g
                JOIN LATERAL (SELECT id, provider_id FROM services WHERE network_id = %(n)s
                              ORDER BY id OFFSET g %% 20 LIMIT 1) s ON true""",
                {"n": facts[slug], "count": count, "themes": themes, "channels": channels},
            )
        conn.execute("SELECT set_config('app.platform', 'on', false)")  # the owner: RLS is forced
        conn.execute(
            "UPDATE issues SET grouped_count = (SELECT count(*) FROM feedback f "
            "WHERE f.network_id = issues.network_id AND f.issue_id = issues.id)"
        )
        conn.execute("ANALYZE")
    return facts


# --- 1. API vs the framework floor ------------------------------------------------------------


def capture(app, client, url: str, headers: dict):
    """The statements (with parameters) one request sends, and its JSON."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", before)
    try:
        body = client.get(url, headers=headers).get_json()
    finally:
        event.remove(Engine, "before_cursor_execute", before)
    return [(s, p) for s, p in seen if not s.lstrip().upper().startswith("UPDATE")], body


def _iso(value):
    return None if value is None else value.isoformat()


def feedback_json(row: dict) -> dict:
    row = {k.removeprefix("feedback_"): v for k, v in row.items()}  # get() labels its columns
    return {
        "id": row["id"],
        "reference": row["reference"],
        "channel": row["channel"],
        "service_id": row["service_id"],
        "service_text": row["service_text"],
        "theme": row["theme"],
        "what_happened": row["what_happened"],
        "happened_month": _iso(row["happened_month"]),
        "rating": row["rating"],
        "issue_id": row["issue_id"],
        "received_at": _iso(row["received_at"]),
        "has_contact": row["contact_id"] is not None,
    }


def bare_app(app_url: str, statements_by_path: dict):
    """A minimal Flask app: for each path, replay the captured statements through one psycopg
    connection in a transaction and build the same JSON from the last SELECT of feedback."""
    import psycopg
    from flask import Flask, jsonify
    from psycopg.rows import dict_row

    from linkhub.platform import keyset

    bare = Flask("bare")
    conn = psycopg.connect(app_url.replace("postgresql+psycopg", "postgresql"), row_factory=dict_row)
    lock = threading.Lock()

    @bare.route("/<path:path>")
    def view(path):
        kind, statements = statements_by_path[path]
        with lock, conn.transaction(force_rollback=True):
            results = [(s, conn.execute(s, p).fetchall()) for s, p in statements]
        data = [rows for s, rows in results if "FROM feedback" in s and "count(*)" not in s]
        if kind == "item":
            return jsonify(feedback_json(data[-1][0]))
        rows, per_page = data[-1], 25
        total = next(rows for s, rows in results if "count(*)" in s)[0]["count_1"]
        items = [feedback_json(r) for r in rows[:per_page]]
        next_cursor = (
            keyset.encode([rows[per_page - 1][f"_keyset_{i}"] for i in range(2)]) if len(rows) > per_page else None
        )
        return jsonify(
            {
                "items": items,
                "per_page": per_page,
                "next_cursor": next_cursor,
                "total": total if total <= 1000 else None,
                "total_at_least": total,
            }
        )

    return bare


def interleaved(calls: dict, rounds: int) -> dict:
    times = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return {name: median_ms(samples) for name, samples in times.items()}


def api_vs_floor(app, facts, rounds: int):
    from linkhub.platform.db import db

    client, headers = app.test_client(), {"Authorization": f"Bearer {facts['tokens'][0]}"}
    list_url = "/api/v1/networks/big/feedback?per_page=25"
    item_id = client.get(list_url, headers=headers).get_json()["items"][-1]["id"]
    item_url = f"/api/v1/networks/big/feedback/{item_id}"
    captured = {}
    for kind, url in (("list", list_url), ("item", item_url)):
        statements, body = capture(app, client, url, headers)
        captured[kind] = (kind, statements), body
    with app.app_context():
        app_url = db.engine.url.render_as_string(hide_password=False)
    bare = bare_app(app_url, {"list": captured["list"][0], "item": captured["item"][0]})
    bare_client = bare.test_client()
    for kind in ("list", "item"):
        mine = bare_client.get(f"/{kind}").get_json()
        theirs = captured[kind][1]
        if mine != theirs:
            first = (mine.get("items") or [mine])[0], (theirs.get("items") or [theirs])[0]
            diff = {
                k: (first[0].get(k), first[1].get(k))
                for k in set(first[0]) | set(first[1])
                if first[0].get(k) != first[1].get(k)
            }
            top = {
                k: (mine.get(k), theirs.get(k))
                for k in set(mine) | set(theirs)
                if k != "items" and mine.get(k) != theirs.get(k)
            }
            raise AssertionError(f"{kind}: the bare view's JSON differs from the API's: {diff} {top}")
    print(
        f"[1] API vs a bare Flask+psycopg view replaying the same {len(captured['list'][0][1])} (list) and "
        f"{len(captured['item'][0][1])} (item) statements; JSON checked equal"
    )
    for kind, url in (("list", list_url), ("item", item_url)):
        result = interleaved(
            {"api": lambda: client.get(url, headers=headers), "bare": lambda: bare_client.get(f"/{kind}")}, rounds
        )
        print(
            f"    {kind:5} API p50 {result['api']:6.2f} ms, bare p50 {result['bare']:6.2f} ms, "
            f"ratio {result['api'] / result['bare']:.2f}x   ({load()})"
        )


# --- 2. pages at 50,000 vs 50 -----------------------------------------------------------------

PAGES = ["/feedback/", "/", "/issues/", "/powers/", "/reports/"]


def pages_big_vs_small(app, rounds: int):
    client = app.test_client()
    response = client.post("/sign-in", data={"email": "bench@example.org", "password": "bench-password-2026"})
    assert response.status_code == 302
    print("[2] pages, network with 50,000 feedback items vs 50 (same person, same page)")
    for page in PAGES:
        big, small = f"/networks/big{page}", f"/networks/small{page}"
        assert client.get(big).status_code == client.get(small).status_code == 200, page
        result = interleaved({"big": lambda: client.get(big), "small": lambda: client.get(small)}, rounds)
        print(
            f"    {page:12} 50k p50 {result['big']:6.2f} ms, 50 p50 {result['small']:6.2f} ms, "
            f"ratio {result['big'] / result['small']:.2f}x   ({load()})"
        )


# --- 3. deep page -------------------------------------------------------------------------------


def deep_page(app, facts, rounds: int):
    from linkhub.platform import keyset
    from linkhub.platform.db import db

    client, headers = app.test_client(), {"Authorization": f"Bearer {facts['tokens'][0]}"}
    with app.app_context():
        owner = db.session  # the oracle: OFFSET, as the app role inside the network
        owner.execute(db.text("SELECT set_config('app.network_id', :n, true)"), {"n": str(facts["big"])})
        ordered = owner.execute(
            db.text(
                "SELECT id, received_at FROM feedback WHERE network_id = :n ORDER BY received_at DESC, id DESC "
                "OFFSET 49975 - 1 LIMIT 26"
            ),
            {"n": facts["big"]},
        ).all()
        owner.rollback()
    before, expected = ordered[0], [r.id for r in ordered[1:]]
    cursor = keyset.encode([before.received_at, before.id])
    deep_url = f"/api/v1/networks/big/feedback?per_page=25&cursor={cursor}"
    got = [i["id"] for i in client.get(deep_url, headers=headers).get_json()["items"]]
    assert got == expected, "page 2,000 differs from ORDER BY ... OFFSET 49,975"
    first_url = "/api/v1/networks/big/feedback?per_page=25"
    result = interleaved(
        {
            "deep": lambda: client.get(deep_url, headers=headers),
            "first": lambda: client.get(first_url, headers=headers),
        },
        rounds,
    )
    print(
        f"[3] API page 2,000 (rows checked against OFFSET) p50 {result['deep']:6.2f} ms vs page 1 "
        f"{result['first']:6.2f} ms, ratio {result['deep'] / result['first']:.2f}x   ({load()})"
    )


# --- 4. a shared token --------------------------------------------------------------------------


def shared_token(app, facts, seconds: float):
    probe = (
        app.test_client()
        .get("/api/v1/networks/big/feedback?per_page=1", headers={"Authorization": f"Bearer {facts['tokens'][0]}"})
        .get_json()
    )
    url = f"/api/v1/networks/big/feedback/{probe['items'][0]['id']}"

    def run(secrets: list[str]) -> float:
        done, stop = [0] * len(secrets), time.perf_counter() + seconds

        def worker(k):
            client = app.test_client()
            while time.perf_counter() < stop:
                assert client.get(url, headers={"Authorization": f"Bearer {secrets[k]}"}).status_code == 200
                done[k] += 1

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(len(secrets))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sum(done) / seconds

    shared, separate = [], []
    for _ in range(3):  # alternated, so a change of load hits both alike
        shared.append(run([facts["tokens"][4]] * 4))
        separate.append(run(facts["tokens"][:4]))
    a, b = statistics.median(shared), statistics.median(separate)
    print(
        f"[4] 4 threads in one process, one shared token {a:6.1f} req/s vs a token each {b:6.1f} req/s "
        f"(medians of 3 alternated runs: {[round(x) for x in shared]} / {[round(x) for x in separate]}); "
        f"ratio {a / b:.2f}x   ({load()})"
    )


# --- 5. public POST (run in a subprocess per code tree) ----------------------------------------


def post_worker(url: str, tmp: str, count: int, worker: bool = False) -> dict:
    """In the subprocess: POST ``count`` anonymous feedback items; statements, CPU, rate. With
    ``worker``: the embedded worker runs in the same process (as ``linkhub serve`` starts it), and
    the lag of each ``feedback.received`` outbox event (done_at - created_at) is measured."""
    from sqlalchemy import event, text
    from sqlalchemy.engine import Engine

    app = make_app(url, Path(tmp), migrate_first=False, worker=worker)
    from linkhub.platform.db import db

    client = app.test_client()
    with app.app_context():
        network_id = db.session.execute(text("SELECT id FROM networks WHERE slug = 'small'")).scalar()
        db.session.execute(text("SELECT set_config('app.network_id', :n, true)"), {"n": str(network_id)})
        service_id = db.session.execute(
            text("SELECT min(id) FROM services WHERE network_id = :n"), {"n": network_id}
        ).scalar()
        before = db.session.execute(
            text("SELECT count(*) FROM feedback WHERE network_id = :n"), {"n": network_id}
        ).scalar()
        db.session.rollback()
    statements = []
    main = threading.main_thread()  # the request's statements, not the embedded worker's
    event.listen(
        Engine,
        "before_cursor_execute",
        lambda *a: statements.append(a[2]) if threading.current_thread() is main else None,
    )
    client.get("/networks/small/feedback/new")
    statements.clear()
    data = {"what_happened": "The wait was long.", "theme": "access", "service_id": service_id}
    if worker:  # events left by earlier runs first, so the lag measured is this run's own
        from linkhub.platform.tenancy import platform_scope

        deadline = time.perf_counter() + 300
        with app.app_context(), platform_scope():
            while time.perf_counter() < deadline:
                left = db.session.execute(
                    text("SELECT count(*) FROM outbox_events WHERE status NOT IN ('done', 'dead')")
                ).scalar()
                db.session.rollback()
                if not left:
                    break
                time.sleep(0.5)
    cpu, wall = time.process_time(), time.perf_counter()
    started_at = time.time()
    for _ in range(count):
        assert client.post("/networks/small/feedback/new", data=data).status_code == 302
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    lag = None
    if worker:
        from datetime import datetime, timezone

        from linkhub.platform.tenancy import platform_scope

        since = datetime.fromtimestamp(started_at, timezone.utc)
        deadline = time.perf_counter() + 120
        with app.app_context(), platform_scope():
            while True:
                rows = db.session.execute(
                    text(
                        "SELECT extract(epoch FROM done_at - created_at) FROM outbox_events "
                        "WHERE event_type = 'feedback.received' AND created_at >= :since AND network_id = :n"
                    ),
                    {"since": since, "n": network_id},
                ).all()
                db.session.rollback()
                if (len(rows) >= count and all(r[0] is not None for r in rows)) or time.perf_counter() > deadline:
                    break
                time.sleep(0.5)
        waits = sorted(float(r[0]) if r[0] is not None else float("inf") for r in rows)
        lag = {"waits": waits}
        app.extensions["linkhub_worker"].stop()
    with app.app_context():
        db.session.execute(text("SELECT set_config('app.network_id', :n, true)"), {"n": str(network_id)})
        after = db.session.execute(
            text("SELECT count(*) FROM feedback WHERE network_id = :n"), {"n": network_id}
        ).scalar()
    import linkhub

    return {
        "code": linkhub.__file__,
        "stored": after - before,
        "statements": len(statements) / count,
        "cpu_ms": cpu / count * 1000,
        "per_second": count / wall,
        "lag": lag,
    }


def public_post(url: str, base_root: Path, count: int, worker: bool = False, chunks: int = 4):
    """Both code trees in alternation (base, now, now, base, ...), ``count / chunks`` POSTs a
    subprocess, so a change of the machine's load falls on both alike; totals over the chunks."""
    totals = {name: {"stored": 0, "statements": 0.0, "cpu": 0.0, "wall": 0.0, "waits": []} for name in ("base", "now")}
    codes = {}
    each = count // chunks
    trees = {"base": base_root, "now": ROOT}
    for chunk in range(chunks):
        for name in ("base", "now") if chunk % 2 == 0 else ("now", "base"):
            root = trees[name]
            with tempfile.TemporaryDirectory() as tmp:
                out = subprocess.run(
                    [sys.executable, __file__, "--post-worker", "--count", str(each), "--tmp", tmp]
                    + (["--worker"] if worker else []),
                    env=os.environ
                    | {"PYTHONPATH": str(root), "LINKHUB_BENCH_CODE_ROOT": str(root), "LINKHUB_BENCH_URL": url},
                    capture_output=True,
                    text=True,
                    check=True,
                )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            assert r["stored"] == each, r
            codes[name] = r["code"]
            t = totals[name]
            t["stored"] += r["stored"]
            t["statements"] += r["statements"] * each
            t["cpu"] += r["cpu_ms"] * each
            t["wall"] += each / r["per_second"]
            t["waits"] += (r.get("lag") or {}).get("waits", [])
    with_worker = ", the embedded worker running in the same process" if worker else ""
    print(
        f"[{6 if worker else 5}] public feedback POST, {each * chunks} each in {chunks} alternated chunks, one process"
        f"{with_worker} (rows stored checked = {each * chunks}):"
    )
    rate = {}
    for name in ("base", "now"):
        t = totals[name]
        rate[name] = t["stored"] / t["wall"]
        waits = sorted(t["waits"])
        lagged = (
            f"; outbox lag p50 {waits[len(waits) // 2]:.2f} s, p95 {waits[int(len(waits) * 0.95)]:.2f} s "
            f"over {len(waits)} events"
            if waits
            else ""
        )
        print(
            f"    {name:4} ({codes[name]}) {rate[name]:6.1f} req/s, {t['statements'] / t['stored']:.1f} statements and "
            f"{t['cpu'] / t['stored']:.2f} ms CPU per POST{lagged}"
        )
    print(f"    ratio now/base {rate['now'] / rate['base']:.2f}x   ({load()})")


def export_base(commit: str) -> Path:
    target = Path(tempfile.mkdtemp(prefix="linkhub-base-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "linkhub"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--base", default=BASE_COMMIT)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--post-worker", action="store_true")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--tmp")
    parser.add_argument("--worker", action="store_true")
    args = parser.parse_args()
    if args.post_worker:
        sys.path.insert(0, os.environ["LINKHUB_BENCH_CODE_ROOT"])
        print(json.dumps(post_worker(os.environ["LINKHUB_BENCH_URL"], args.tmp, args.count, args.worker)))
        return
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    from bench_intake import bench_database_url, fresh_database

    url = bench_database_url()
    if not args.reuse:
        fresh_database(url)
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(url, Path(tmp), migrate_first=True)
        if args.reuse:
            from linkhub.platform.db import db
            from linkhub.platform.tenancy import platform_scope

            with app.app_context(), platform_scope():
                facts = db.session.execute(
                    db.text("SELECT details FROM audit_events WHERE action = 'bench.facts'")
                ).scalar()
        else:
            started = time.perf_counter()
            facts = seed(app, url)
            from linkhub.platform import audit
            from linkhub.platform.db import db

            with app.app_context():
                audit.record("bench.facts", "bench", None, network_id=None, **facts)
                db.session.commit()
            print(f"loaded 50,000 + 50 feedback items in {time.perf_counter() - started:.0f} s")
        api_vs_floor(app, facts, args.rounds)
        pages_big_vs_small(app, args.rounds // 2)
        deep_page(app, facts, args.rounds)
        shared_token(app, facts, args.seconds)
    base = export_base(args.base)
    public_post(url, base, args.posts)
    public_post(url, base, args.posts, worker=True)


if __name__ == "__main__":
    main()
