"""Issue 12, finding 7: rate limits keyed on the client, not on the proxy in front; counters
shared by every process (Redis) where more than one serves; sign-in limited per address and per
account, so that one address cannot lock a person out for longer than one short window."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from tests.conftest import need
from tests.helpers import PASSWORD

REDIS = "redis://127.0.0.1:6379/7"
WRONG = {"email": "admin-a@example.org", "password": "wrong"}
RIGHT = {"email": "admin-a@example.org", "password": PASSWORD}


def _from(address: str) -> dict:
    return {"X-Forwarded-For": address}


def _redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.parametrize(
    "app",
    [
        {
            "RATELIMIT_ENABLED": True,
            "PROXY_HOPS": 1,
            "LOGIN_RATE_LIMIT": "2 per minute",
            "LOGIN_ACCOUNT_RATE_LIMIT": "50 per minute",
        }
    ],
    indirect=True,
)
def test_each_citizen_behind_the_proxy_has_their_own_limit(client, world):
    for _ in range(2):
        assert client.post("/sign-in", data=WRONG, headers=_from("203.0.113.10")).status_code == 200
    assert client.post("/sign-in", data=WRONG, headers=_from("203.0.113.10")).status_code == 429
    # another person behind the same proxy is not limited by the first one's attempts
    assert client.post("/sign-in", data=WRONG, headers=_from("203.0.113.11")).status_code == 200


@pytest.mark.parametrize(
    "app",
    [
        {
            "RATELIMIT_ENABLED": True,
            "PROXY_HOPS": 0,
            "LOGIN_RATE_LIMIT": "2 per minute",
            "LOGIN_ACCOUNT_RATE_LIMIT": "50 per minute",
        }
    ],
    indirect=True,
)
def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, world):
    """The embedded default has nobody in front: a forged X-Forwarded-For buys no new limit."""
    for n in range(2):
        client.post("/sign-in", data=WRONG, headers=_from(f"198.51.100.{n}"))
    assert client.post("/sign-in", data=WRONG, headers=_from("198.51.100.99")).status_code == 429


@pytest.mark.parametrize(
    "app",
    [
        {
            "RATELIMIT_ENABLED": True,
            "PROXY_HOPS": 1,
            "LOGIN_RATE_LIMIT": "100 per minute",
            "LOGIN_ACCOUNT_RATE_LIMIT": "3 per 2 seconds",
        }
    ],
    indirect=True,
)
def test_sign_in_is_limited_per_account_and_one_address_cannot_lock_a_person_out_for_long(client, world):
    for _ in range(3):
        assert client.post("/sign-in", data=WRONG, headers=_from("203.0.113.66")).status_code == 200
    # the account is resting: even the right password from elsewhere waits (guessing stops)
    assert client.post("/sign-in", data=RIGHT, headers=_from("192.0.2.1")).status_code == 429
    # other accounts from the same address are not affected
    other = {"email": "staff-a@example.org", "password": PASSWORD}
    assert client.post("/sign-in", data=other, headers=_from("203.0.113.66")).status_code == 302
    time.sleep(2.1)  # one window later the person signs in
    assert client.post("/sign-in", data=RIGHT, headers=_from("192.0.2.1")).status_code == 302


@pytest.mark.parametrize(
    "app",
    [{"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "100 per minute", "LOGIN_ACCOUNT_RATE_LIMIT": "2 per minute"}],
    indirect=True,
)
def test_successful_sign_ins_do_not_count_against_the_account(client, world):
    for _ in range(4):
        assert client.post("/sign-in", data=RIGHT).status_code == 302
        client.post("/sign-out")


def test_the_embedded_default_counts_in_memory_and_a_configured_redis_is_used(monkeypatch):
    from linkhub.platform.extensions import ratelimit_storage

    assert ratelimit_storage({"RATELIMIT_STORAGE_URI": ""}) == "linkhub-memory://"
    assert ratelimit_storage({"RATELIMIT_STORAGE_URI": "memory://"}) == "linkhub-memory://"
    assert ratelimit_storage({"RATELIMIT_STORAGE_URI": REDIS}) == REDIS
    monkeypatch.setenv("LINKHUB_RATELIMIT_STORAGE_URL", REDIS)
    from linkhub.platform.config import Config

    assert Config(SECRET_KEY="x").RATELIMIT_STORAGE_URI == REDIS


def test_redis_is_pinned_as_a_dependency():
    from pathlib import Path

    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"redis==' in pyproject


def test_two_processes_share_one_redis_limit(tmp_path, sqlite_template):
    """Two app instances (two gunicorn processes) with the Redis storage share their counters."""
    need("Redis at 127.0.0.1:6379", _redis_available())
    import shutil

    from linkhub.app import create_app
    from tests.conftest import make_config

    shutil.copy(sqlite_template, tmp_path / "linkhub.sqlite3")
    settings = dict(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=REDIS,
        RATELIMIT_KEY_PREFIX=f"linkhub-test-{uuid.uuid4().hex}",
        LOGIN_RATE_LIMIT="2 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="50 per minute",
    )
    first = create_app(
        make_config(tmp_path, f"sqlite:///{tmp_path / 'linkhub.sqlite3'}", **settings), start_worker=False
    )
    second = create_app(
        make_config(tmp_path, f"sqlite:///{tmp_path / 'linkhub.sqlite3'}", **settings), start_worker=False
    )
    assert (
        first.extensions["limiter"]
        and "redis" in type(next(iter(first.extensions["limiter"]))._storage).__name__.lower()
    )
    assert first.test_client().post("/sign-in", data=WRONG).status_code == 200
    assert second.test_client().post("/sign-in", data=WRONG).status_code == 200
    assert first.test_client().post("/sign-in", data=WRONG).status_code == 429


def test_memory_storage_survives_threads_racing_to_restart_its_timer():
    """limits' MemoryStorage could start one expiry timer twice from two threads (a 500 on 1 of
    335 requests with 4 threads): the embedded default's storage restarts it under a lock."""
    from linkhub.platform.extensions import ThreadSafeMemoryStorage

    import sys

    errors: list[BaseException] = []
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often: limits' own MemoryStorage fails here
    try:
        _race(ThreadSafeMemoryStorage, errors)
    finally:
        sys.setswitchinterval(switch)
    assert not errors, errors[:3]


def _race(storage_class, errors) -> None:
    from limits import RateLimitItemPerSecond
    from limits.strategies import FixedWindowRateLimiter

    for _ in range(200):
        storage = storage_class()
        storage.timer.join()  # let the first timer finish so the threads race to restart it
        limiter = FixedWindowRateLimiter(storage)
        barrier = threading.Barrier(8)

        def hit():
            try:
                barrier.wait()
                limiter.hit(RateLimitItemPerSecond(1000), "key")
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=hit) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def test_several_web_processes_refuse_to_start_with_per_process_counters(monkeypatch, tmp_path):
    import importlib

    module = importlib.import_module("linkhub.gunicorn_conf")
    monkeypatch.setenv("LINKHUB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("LINKHUB_CONTROL_SOCKET", "off")
    monkeypatch.setenv("LINKHUB_WEB_WORKERS", "3")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "prom"))
    monkeypatch.delenv("LINKHUB_RATELIMIT_STORAGE_URL", raising=False)
    try:
        with pytest.raises(SystemExit, match="LINKHUB_RATELIMIT_STORAGE_URL"):
            importlib.reload(module)
        monkeypatch.setenv("LINKHUB_RATELIMIT_STORAGE_URL", REDIS)
        assert importlib.reload(module).workers == 3
    finally:
        monkeypatch.delenv("LINKHUB_WEB_WORKERS")
        monkeypatch.delenv("LINKHUB_RATELIMIT_STORAGE_URL", raising=False)
        importlib.reload(module)
