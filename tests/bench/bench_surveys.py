"""Survey results benchmark on PostgreSQL (issue 19): a survey of 20 questions (8 radios,
4 checkboxes, 4 scales, 2 dates, 2 texts) with 50,000 responses (about 1.1 million answer rows).

1. The answers are generated in Python, with their counts kept as the oracle, loaded with COPY,
   and the survey's running counts rebuilt once (``services.recount``; the app keeps them
   response by response, ``tests/tenants/surveys`` checks that both agree).
2. Correctness first: the results the page shows (``results.build``, from the running counts) and
   the bare SQL aggregate over the answers must both equal the oracle, for every question and answer.
3. Timing (median of 7 after a warm-up): the whole results page (signed-in staff, through the
   app: routing, tenancy, queries, charts, template) against the bare SQL aggregate
   (``SELECT question_id, choice, count(*) ... GROUP BY``, psycopg). Prints both and the ratio,
   and fails if the page takes 1 s or more; and the public survey page (its first question, no
   account), which must take under 100 ms.

Run: ``python tests/bench/bench_surveys.py [--responses 50000]``. Drops and recreates its own
database (see ``bench_intake.bench_database_url``: never the test database itself).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from tests.bench.bench_intake import bench_database_url, fresh_database, make_app  # noqa: E402

PASSWORD = "bench-password-2026"
NULL = "\\N"  # COPY's text format
KINDS = ["radios"] * 8 + ["checkboxes"] * 4 + ["scale"] * 4 + ["date"] * 2 + ["text"] * 2


def build_survey(app):
    from linkhub.platform import services as platform
    from linkhub.platform.db import db
    from linkhub.platform.tenancy import network_scope
    from linkhub.tenants.surveys import services

    with app.app_context():
        network = platform.create_network(
            slug="bench", name="Bench LINk", local_authority="Bench", region="London", host_organisation="Bench CVS"
        )
        user = platform.create_user(email="staff@bench.example", name="Staff", password=PASSWORD)
        platform.add_membership(user, network, "staff")
        db.session.commit()
        with network_scope(network.id):
            questions = []
            for i, kind in enumerate(KINDS, start=1):
                spec = {"kind": kind, "title": f"Question {i} ({kind})"}
                if kind == "radios":
                    spec["options"] = ["Very good", "Good", "Poor", "Very poor"]
                if kind == "checkboxes":
                    spec["options"] = ["Phone", "Online", "In person", "Letter", "App"]
                questions.append(spec)
            survey = services.create_survey(title="Bench survey", questions=questions)
            services.open_survey(survey)
            db.session.commit()
            return network.id, survey.id, [(q.id, q.kind) for q in survey.questions]


def load(url: str, network_id: int, survey_id: int, questions, n: int, seed: int = 19) -> Counter:
    """COPY n responses and their answers; return the oracle {(question_id, choice): count}."""
    rng = random.Random(seed)
    oracle: Counter = Counter()
    responses, answers = io.StringIO(), io.StringIO()
    start_day = date(2026, 1, 1)
    answer_id = 0
    for rid in range(1, n + 1):
        responses.write(f"{rid}\t{network_id}\t{survey_id}\tB{rid:011d}\tweb\tf\t\t\\N\t2026-11-01 10:00:00+00\n")
        for qid, kind in questions:
            rows = []
            if kind == "radios":
                rows = [(rng.choices(range(4), weights=[3, 4, 2, 1])[0], None, None)]
            elif kind == "checkboxes":
                chosen = sorted(rng.sample(range(5), rng.randint(1, 3)))
                rows = [(c, None, None) for c in chosen] + [(-1, None, None)]  # the "answered" marker
            elif kind == "scale":
                rows = [(rng.randint(1, 5), None, None)] if rng.random() < 0.9 else []
            elif kind == "date":
                rows = [(None, None, start_day + timedelta(days=rng.randint(0, 300)))] if rng.random() < 0.7 else []
            elif rng.random() < 0.3:
                rows = [(None, f"Comment {rid} on question {qid}", None)]
            for choice, text, day in rows:
                answer_id += 1
                oracle[(qid, choice)] += 1
                answers.write(
                    f"{answer_id}\t{network_id}\t{survey_id}\t{rid}\t{qid}\t"
                    f"{NULL if choice is None else choice}\t{text or NULL}\t{day.isoformat() if day else NULL}\n"
                )
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        with conn.cursor() as cur:
            with cur.copy(
                "COPY survey_responses (id, network_id, survey_id, reference, channel, repeat, feedback_reference, "
                "entered_by_id, submitted_at) FROM STDIN"
            ) as copy:
                copy.write(responses.getvalue())
            with cur.copy(
                "COPY survey_answers (id, network_id, survey_id, response_id, question_id, choice, text, day) "
                "FROM STDIN"
            ) as copy:
                copy.write(answers.getvalue())
            cur.execute("SELECT setval('survey_responses_id_seq', %s)", (n,))
            cur.execute("SELECT setval('survey_answers_id_seq', %s)", (answer_id,))
        conn.commit()
    # What autovacuum does on a live database after a bulk load: statistics, and the visibility
    # map that lets both the page's query and the bare aggregate read only the index.
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) survey_responses")
        conn.execute("VACUUM (ANALYZE) survey_answers")
    return oracle


BARE = (
    "SELECT question_id, choice, count(*) FROM survey_answers WHERE network_id = %s AND survey_id = %s "
    "GROUP BY question_id, choice"
)


def bare_sql(url: str, network_id: int, survey_id: int) -> tuple[float, dict]:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        started = time.perf_counter()
        rows = conn.execute(BARE, (network_id, survey_id)).fetchall()
        return time.perf_counter() - started, {(q, c): n for q, c, n in rows}


def median_time(run, times: int = 7) -> float:
    run()  # warm-up
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=50_000)
    args = parser.parse_args()
    url = bench_database_url()
    fresh_database(url)
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(url, Path(tmp))
        app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
        network_id, survey_id, questions = build_survey(app)
        started = time.perf_counter()
        oracle = load(url, network_id, survey_id, questions, args.responses)
        print(
            f"loaded {args.responses:,} responses, {sum(oracle.values()):,} answers in {time.perf_counter() - started:.1f} s"
        )

        from linkhub.platform.db import db
        from linkhub.platform.tenancy import network_scope
        from linkhub.tenants.surveys import results, services
        from linkhub.tenants.surveys.models import Survey

        # The app keeps running counts response by response; a bulk load rebuilds them once.
        recount_started = time.perf_counter()
        with app.app_context(), network_scope(network_id):
            services.recount(db.session.get(Survey, survey_id))
            db.session.commit()
        recount_s = time.perf_counter() - recount_started

        # 1. Answers first: the page's results and the bare aggregate both equal the oracle.
        _, bare = bare_sql(url, network_id, survey_id)
        assert bare == dict(oracle), "bare SQL differs from the oracle"
        with app.app_context(), network_scope(network_id):
            built = results.build(db.session.get(Survey, survey_id))
            for result in built.questions:
                q = result.question
                if q.kind in ("radios", "checkboxes", "scale"):
                    shown = {value: n for (value, _), (_, n) in zip(q.choice_labels(), result.rows)}
                    expected = {value: oracle.get((q.id, value), 0) for value, _ in q.choice_labels()}
                    assert shown == expected, (q.title, shown, expected)
                    if q.kind == "checkboxes":
                        assert result.answered == oracle[(q.id, -1)]
                else:
                    assert result.answered == oracle.get((q.id, None), 0), q.title
                if q.kind == "date":
                    assert sum(n for _, n in result.rows) == oracle[(q.id, None)]
            assert built.responses == args.responses
            db.session.rollback()
        print("results equal the oracle for every question and answer")

        # 2. Timing: the whole page against the bare aggregate.
        client = app.test_client()
        with app.app_context():
            assert (
                client.post("/sign-in", data={"email": "staff@bench.example", "password": PASSWORD}).status_code == 302
            )

            def page():
                response = client.get(f"/networks/bench/surveys/{survey_id}/results")
                assert response.status_code == 200
                assert f"{args.responses:,} responses".encode() in response.data

            page_s = median_time(page)
            client.post("/sign-out")
            with network_scope(network_id):
                token = db.session.get(Survey, survey_id).token
                db.session.rollback()

            def public_page():
                assert client.get(f"/networks/bench/surveys/s/{token}/answer").status_code == 200

            public_s = median_time(public_page)
        bare_s = median_time(lambda: bare_sql(url, network_id, survey_id))
        print(
            json.dumps(
                {
                    "responses": args.responses,
                    "answers": sum(oracle.values()),
                    "results_page_s": round(page_s, 4),
                    "bare_sql_aggregate_s": round(bare_s, 4),
                    "ratio": round(page_s / bare_s, 2),
                    "public_survey_page_s": round(public_s, 4),
                    "recount_after_bulk_load_s": round(recount_s, 2),
                }
            )
        )
        assert page_s < 1.0, f"results page took {page_s:.3f} s"
        assert public_s < 0.1, f"the public survey page took {public_s:.3f} s"


if __name__ == "__main__":
    main()
