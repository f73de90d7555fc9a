"""Backends for the search contract suite, and a small corpus every backend must agree on.

- sqlite: always (a temporary database file).
- postgresql (ranking through the RUM index when the extension is installed) and
  postgresql-gin (the plain-GIN path, as without RUM): when LINKHUB_TEST_DATABASE_URL is set. The tests use their own database,
  `linkhub_search_test`, on that server, so they never touch the app's tables in `test`.
  With LINKHUB_REQUIRE_SERVICES=1 an unreachable server fails the run.
- opensearch: when LINKHUB_TEST_OPENSEARCH_URL is set; otherwise skipped with a reason.
"""

from __future__ import annotations

import os

from linkhub.platform.config import normalise_db_url
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from tests.conftest import need

import linkhub.cli  # noqa: F401 - the composition root gives `linkhub search ...` its app factory
from linkhub.search.backends import get_backend
from linkhub.search.documents import SearchDocument

PG_URL = normalise_db_url(os.environ.get("LINKHUB_TEST_DATABASE_URL", "")) or None
OS_URL = os.environ.get("LINKHUB_TEST_OPENSEARCH_URL")
REQUIRE = os.environ.get("LINKHUB_REQUIRE_SERVICES") == "1"
PG_DATABASE = "linkhub_search_test"

# PostgreSQL-only tests are not collected at all without a server (no silent skips).
collect_ignore_glob = [] if PG_URL else ["test_postgres_*.py"]

BACKENDS = (
    ["sqlite", "tantivy"]
    + (
        [
            pytest.param("postgresql", marks=pytest.mark.postgres),
            pytest.param("postgresql-gin", marks=pytest.mark.postgres),
        ]
        if PG_URL
        else []
    )
    + ["opensearch"]
)


def pg_engine() -> sa.engine.Engine:
    """Engine on our own throwaway database (created on first use)."""
    need("PostgreSQL (LINKHUB_TEST_DATABASE_URL)", PG_URL is not None)
    url = sa.engine.make_url(PG_URL)
    try:
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": PG_DATABASE}).first()
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{PG_DATABASE}"')
        admin.dispose()
    except sa.exc.OperationalError as exc:
        if REQUIRE:
            pytest.fail(f"PostgreSQL at {PG_URL} is unreachable: {exc}")
        raise
    return sa.create_engine(url.set(database=PG_DATABASE))


@pytest.fixture(scope="session")
def pg_backend_factory():
    engine = pg_engine()
    with engine.begin() as conn:  # start from a clean schema each session
        conn.exec_driver_sql("DROP TABLE IF EXISTS search_documents, search_index_state")
    from linkhub.search.backends.postgres import PostgresBackend

    yield lambda **kw: PostgresBackend(engine, **kw)
    engine.dispose()


@pytest.fixture(scope="session")
def session_backends(tmp_path_factory, request):
    made: dict = {}

    def make(name):
        if name in made:
            return made[name]
        if name == "sqlite":
            path = tmp_path_factory.mktemp("search") / "search.db"
            backend = get_backend("sql", sa.create_engine(f"sqlite:///{path}"))
        elif name == "postgresql":
            backend = request.getfixturevalue("pg_backend_factory")()
        elif name == "postgresql-gin":
            backend = request.getfixturevalue("pg_backend_factory")(rum=False)
        elif name == "tantivy":
            path = tmp_path_factory.mktemp("tantivy")
            backend = get_backend(f"tantivy://{path}?writer=1")
        else:
            if not OS_URL:
                pytest.skip(
                    "OpenSearch contract tests need LINKHUB_TEST_OPENSEARCH_URL "
                    "(e.g. opensearch://127.0.0.1:9200); no server is configured"
                )
            from linkhub.search.backends.opensearch import OpenSearchBackend

            backend = OpenSearchBackend.from_url(OS_URL, replicas=0)
            backend.alias = f"linkhub-test-{uuid.uuid4().hex[:8]}"
            backend.refresh = "wait_for"
            request.addfinalizer(lambda: _drop_opensearch(backend))
        backend.install()
        made[name] = backend
        return backend

    return make


def _drop_opensearch(backend) -> None:
    backend.client.indices.delete(index=f"{backend.alias}-v*", ignore=404)
    backend.client.indices.delete_index_template(name=f"{backend.alias}-template", ignore=404)


@pytest.fixture(params=BACKENDS)
def backend(request, session_backends):
    """An empty, installed backend."""
    b = session_backends(request.param)
    b.reindex([])
    if b.name == "opensearch":
        b.client.indices.refresh(index=b.alias)
    return b


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(request, session_backends):
    """A backend loaded once per module with the module's `CORPUS`."""
    backend = session_backends(request.param)
    backend.reindex(request.module.CORPUS)
    if backend.name == "opensearch":
        backend.client.indices.refresh(index=backend.alias)
    return backend


def doc(doc_id, title, published_on, body="", kind="report", **fields) -> SearchDocument:
    return SearchDocument(
        doc_id=doc_id, kind=kind, title=title, url=f"/reports/{doc_id}", published_on=published_on, body=body, **fields
    )


CORPUS = [
    doc(
        "report:r1",
        "Enter and view visit to Oak Lodge care home",
        date(2009, 3, 10),
        summary="Authorised representatives went to Oak Lodge.",
        body="Residents spoke about family contact, meal times and their dignity.",
        network="leeds",
        network_name="Leeds LINk",
        region="yorkshire",
        report_type="enter_and_view",
        providers=["Oak Lodge Ltd"],
        service_types=["care home"],
        theme="dignity",
        powers=["enter_and_view"],
        response_status="responded",
    ),
    doc(
        "report:r2",
        "Ambulance handover delays at Leeds General",
        date(2009, 6, 1),
        summary="Crews waited outside the emergency department.",
        body="Ambulance crews waited hours at handover. Patients lay on trolleys in the corridor.",
        network="leeds",
        region="yorkshire",
        report_type="network_report",
        providers=["Yorkshire Ambulance Service", "Leeds Teaching Hospitals"],
        service_types=["ambulance", "hospital"],
        pathway="ambulance",
        stage="handover",
        theme="waiting",
        powers=["report_with_recommendations"],
        response_status="awaiting",
    ),
    doc(
        "report:r3",
        "Mental health crisis support in Bradford",
        date(2010, 1, 15),
        summary="What people told us about crisis care.",
        body="People in crisis could not reach the crisis team at night. Home treatment was praised.",
        network="bradford",
        region="yorkshire",
        report_type="network_report",
        providers=["Bradford District Care Trust"],
        service_types=["mental health"],
        pathway="mental_health",
        theme="access",
        powers=["request_for_information"],
        response_status="responded",
    ),
    doc(
        "report:r4",
        "GP appointments in Manchester",
        date(2010, 5, 20),
        summary="Waiting weeks for a doctor.",
        body="Patients waited weeks for GP appointments; phone lines were <b>engaged</b> & busy.",
        network="manchester",
        region="north_west",
        report_type="network_report",
        providers=["Ardwick Medical Practice"],
        service_types=["gp"],
        theme="waiting",
    ),
    doc(
        "report:r5",
        "Hospital discharge and social care",
        date(2011, 2, 2),
        summary="Delayed discharges.",
        body="Discharge from hospital was delayed because home care packages were not ready.",
        network="manchester",
        region="north_west",
        report_type="joint_report",
        providers=["Manchester Royal Infirmary"],
        service_types=["hospital", "home care"],
        theme="discharge",
        response_status="responded",
    ),
    doc(
        "report:r6",
        "Regional ambulance response times",
        date(2011, 8, 8),
        summary="Rural calls wait longest.",
        body="Response times for ambulance calls in rural areas were the longest in the region.",
        network="leeds",
        region="yorkshire",
        report_type="joint_report",
        providers=["Yorkshire Ambulance Service"],
        service_types=["ambulance"],
        pathway="ambulance",
        stage="response",
        theme="waiting",
    ),
    doc(
        "report:r7",
        "Dignity and respect on hospital wards",
        date(2008, 11, 11),
        summary="Dignity was the theme of every conversation.",
        body="Dignity matters: patients described dignity at mealtimes and dignity at night.",
        network="camden",
        region="london",
        report_type="network_report",
        providers=["Royal Free"],
        service_types=["hospital"],
        theme="dignity",
    ),
    doc(
        "shared_issue:s1",
        "Long waits for ambulance handover",
        date(2010, 9, 9),
        kind="shared_issue",
        body="Handover delays reported by several people at the emergency department.",
        network="bradford",
        region="yorkshire",
        providers=["Yorkshire Ambulance Service"],
        service_types=["ambulance"],
        pathway="ambulance",
        stage="handover",
        theme="waiting",
        working_group_ids=[1],
        counts={"feedback_count": 12, "people_count": 9},
    ),
    doc(
        "shared_issue:s2",
        "Crisis line unanswered at weekends",
        date(2011, 3, 3),
        kind="shared_issue",
        body="Callers to the crisis line got no answer on Saturday nights.",
        network="manchester",
        region="north_west",
        pathway="mental_health",
        theme="access",
        working_group_ids=[2, 3],
        counts={"feedback_count": 4, "people_count": 4},
    ),
]


@pytest.fixture
def corpus():
    return list(CORPUS)


@pytest.fixture
def loaded(backend):
    assert backend.bulk(CORPUS) == len(CORPUS)
    return backend
