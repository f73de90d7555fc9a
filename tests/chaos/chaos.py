"""The fault suite (`make chaos`): worker SIGKILL, broker stop, broker SIGKILL, broker disk
alarm, database connections terminated, poison and worker-killing messages, and a 3-node RabbitMQ
cluster with quorum queues losing a node. Prints produced / lost / duplicated / dead-lettered per experiment
and exits non-zero unless every experiment has 0 lost, 0 duplicated and exactly the dead letters
it planted.

Everything it touches is its own:
- RabbitMQ nodes it starts itself (``rabbitmq-server`` with their own node names, free ports,
  mnesia and log folders under a temporary folder and an Erlang cookie of its own). It stops or
  kills only the processes it started (by their process group), never another RabbitMQ;
- a PostgreSQL database of its own, ``LINKHUB_CHAOS_DATABASE_URL`` (owner URL; default
  ``postgresql://root@127.0.0.1:5432/linkhub_chaos``), emptied and migrated at the start;
- ``linkhub worker`` processes it starts, supervised like systemd would (restarted when killed).

Counts and times are bounded (``--scale`` shrinks or grows the event counts); each experiment
gives up waiting after its own time limit, and then what is unfinished counts as lost.

The oracle: every planted event's effect is a row in ``chaos_effects`` (no unique key), so
lost = planted good events with no row, duplicated = rows beyond one per event, dead-lettered =
outbox rows with status ``dead`` (expected: exactly the poison and worker-killing events).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server"
COOKIE = "LINKHUBCHAOSSUITECOOKIE"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout: float, step: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


# --- RabbitMQ nodes of our own ----------------------------------------------------------------


class Node:
    def __init__(self, base: Path, index: int, tag: str):
        self.name = f"lhchaos{index}-{tag}@localhost"
        self.port, self.dist_port = free_port(), free_port()
        self.dir = base / f"node{index}"
        self.proc: subprocess.Popen | None = None
        (self.dir / "home").mkdir(parents=True, exist_ok=True)
        cookie = self.dir / "home" / ".erlang.cookie"
        cookie.write_text(COOKIE)
        cookie.chmod(0o400)
        (self.dir / "enabled_plugins").write_text("[].\n")
        (self.dir / "rabbitmq.conf").write_text(f"listeners.tcp.default = {self.port}\nloopback_users = none\n")

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def env(self) -> dict:
        return dict(
            os.environ,
            HOME=str(self.dir / "home"),
            RABBITMQ_NODENAME=self.name,
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(self.dist_port),
            RABBITMQ_MNESIA_BASE=str(self.dir / "mnesia"),
            RABBITMQ_LOG_BASE=str(self.dir / "log"),
            RABBITMQ_ENABLED_PLUGINS_FILE=str(self.dir / "enabled_plugins"),
            RABBITMQ_CONFIG_FILE=str(self.dir / "rabbitmq"),
            RABBITMQ_PID_FILE=str(self.dir / "pid"),
            RABBITMQ_ADVANCED_CONFIG_FILE=str(self.dir / "advanced.config"),
        )

    def start(self, wait: bool = True) -> None:
        def port_free():
            with socket.socket() as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind(("0.0.0.0", self.port))
                    return True
                except OSError:
                    return False

        if not wait_until(port_free, 60, 0.5):  # a killed node's listener may linger a moment
            raise RuntimeError(f"port {self.port} of {self.name} stays in use")
        out = open(self.dir / "server.out", "ab")
        # A session of its own: stop/kill reach exactly this node's processes (its process group).
        self.proc = subprocess.Popen(
            [RABBITMQ_SERVER], env=self.env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        if wait:
            self.wait_ready()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout: float = 240) -> None:
        import pika

        def ready():
            if not self.alive():
                raise RuntimeError(f"{self.name} exited; see {self.dir / 'server.out'}")
            try:
                pika.BlockingConnection(
                    pika.URLParameters(self.url + "?connection_attempts=1&socket_timeout=2")
                ).close()
                return True
            except Exception:  # noqa: BLE001  not up yet
                return False

        if not wait_until(ready, timeout, 0.5):
            raise RuntimeError(f"{self.name} did not start in {timeout:.0f} s")

    def ctl(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            ["rabbitmqctl", "-n", self.name, "--erlang-cookie", COOKIE, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)} on {self.name}: {done.stderr.strip()[-400:]}")
        return done.stdout

    def _group_gone(self) -> bool:
        try:
            os.killpg(self.proc.pid, 0)
            return False
        except ProcessLookupError:
            return True

    def stop(self) -> None:
        """A clean broker stop (what an operator or a package upgrade does)."""
        self.ctl("shutdown")
        self.proc.wait(60)
        wait_until(self._group_gone, 30, 0.2)

    def kill(self) -> None:
        """The broker dies at once (SIGKILL to this node's process group only)."""
        if self.proc is not None and not self._group_gone():
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
            wait_until(self._group_gone, 30, 0.2)

    def join(self, first: "Node") -> None:
        self.ctl("stop_app")
        self.ctl("reset")
        self.ctl("join_cluster", first.name)
        self.ctl("start_app")


# --- the database of our own and the workers ---------------------------------------------------


@dataclass
class Run:
    db_url: str
    base: Path
    broker_url: str = ""
    queue_type: str = "classic"
    workers: list = field(default_factory=list)
    restarts: int = 0

    def __post_init__(self):
        from linkhub.platform.config import normalise_db_url

        self.db_url = normalise_db_url(self.db_url)
        self.engine = create_engine(self.db_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)

    def env(self) -> dict:
        return dict(
            os.environ,
            LINKHUB_DATABASE_URL=self.db_url,
            LINKHUB_BROKER_URL=self.broker_url,
            LINKHUB_BROKER_QUEUE_TYPE=self.queue_type,
            LINKHUB_WORKER_IMPORTS="tests.chaos.handlers",
            LINKHUB_SECRET_KEY="chaos-suite-not-a-secret",
            LINKHUB_INSTANCE_PATH=str(self.base),
            LINKHUB_OUTBOX_POLL_SECONDS="0.1",
            LINKHUB_BROKER_BLOCKED_TIMEOUT="5",
            PYTHONPATH=str(ROOT),
        )

    def start_worker(self) -> subprocess.Popen:
        out = open(self.base / "workers.log", "ab")
        worker = subprocess.Popen(
            [sys.executable, "-m", "linkhub.cli", "worker", "--threads", "4"],
            cwd=ROOT,
            env=self.env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.workers.append(worker)
        return worker

    def supervise(self) -> None:
        """Restart a worker that died (as systemd would)."""
        for worker in list(self.workers):
            if worker.poll() is not None:
                self.workers.remove(worker)
                self.restarts += 1
                self.start_worker()

    def kill_workers(self, sig=signal.SIGKILL) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, sig)
        for worker in self.workers:
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)
        self.workers.clear()

    def prepare_database(self) -> None:
        url = make_url(self.db_url)
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": url.database}):
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))
        admin.dispose()
        with self.engine.connect() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        subprocess.run(
            [sys.executable, "-m", "linkhub.cli", "db", "upgrade"],
            cwd=ROOT,
            env=self.env(),
            check=True,
            capture_output=True,
        )
        with self.engine.connect() as conn:
            conn.execute(text("CREATE TABLE chaos_effects (outbox_id INTEGER NOT NULL, pid INTEGER)"))
            conn.execute(text("GRANT SELECT, INSERT ON chaos_effects TO linkhub_app"))

    def reset_rows(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("TRUNCATE chaos_effects, outbox_handled, scheduled_runs, outbox_events CASCADE"))

    def produce(self, event_type: str, n: int, payload: str = "{}") -> list[int]:
        with self.engine.connect() as conn:
            return list(
                conn.scalars(
                    text(
                        "INSERT INTO outbox_events (event_type, payload, status, created_at, deliveries) "
                        "SELECT :t, CAST(:p AS json), 'pending', now(), 0 FROM generate_series(1, :n) RETURNING id"
                    ),
                    {"t": event_type, "p": payload, "n": n},
                )
            )

    def unfinished(self, ids: list[int]) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(
                text("SELECT count(*) FROM outbox_events WHERE id = ANY(:ids) AND status NOT IN ('done', 'dead')"),
                {"ids": ids},
            )

    def done_effects(self) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM chaos_effects"))

    def settle(self, ids: list[int], timeout: float) -> bool:
        def settled():
            self.supervise()
            return self.unfinished(ids) == 0

        return wait_until(settled, timeout, 0.5)

    def tally(self, good: list[int], planted_dead: list[int]) -> dict:
        with self.engine.connect() as conn:
            counts = dict(conn.execute(text("SELECT outbox_id, count(*) FROM chaos_effects GROUP BY outbox_id")).all())
            dead = set(
                conn.scalars(
                    text("SELECT id FROM outbox_events WHERE status = 'dead' AND id = ANY(:ids)"),
                    {"ids": good + planted_dead},
                )
            )
            errors = dict(
                conn.execute(
                    text("SELECT id, last_error FROM outbox_events WHERE id = ANY(:ids)"), {"ids": planted_dead}
                ).all()
            )
        return {
            "produced": len(good) + len(planted_dead),
            "lost": sum(1 for i in good if counts.get(i, 0) == 0),
            "duplicated": sum(n - 1 for n in counts.values() if n > 1),
            "dead": len(dead),
            "dead_expected": len(planted_dead),
            "innocent_dead": len(dead - set(planted_dead)),
            "planted_errors": errors,
        }


# --- experiments -------------------------------------------------------------------------------


def produce_while(run: Run, n: int, seconds: float, event_type="chaos.effect", payload='{"pause": 0.005}') -> tuple:
    """Produce ``n`` events spread over ``seconds`` in a thread (the producers never see the broker)."""
    produced: list[int] = []
    failures: list[BaseException] = []

    def go():
        batches = 20
        for _ in range(batches):
            try:
                produced.extend(run.produce(event_type, n // batches, payload))
            except BaseException as exc:  # noqa: BLE001  reported
                failures.append(exc)
            time.sleep(seconds / batches)

    thread = threading.Thread(target=go)
    thread.start()
    return thread, produced, failures


def exp_worker_sigkill(run: Run, scale: float) -> dict:
    good = run.produce("chaos.effect", int(1000 * scale), '{"pause": 0.01}')
    run.start_worker()
    for kill in range(3):
        target = (kill + 1) * len(good) // 5
        wait_until(lambda: run.done_effects() >= target, 120)
        log(f"  SIGKILL worker ({run.done_effects()} effects so far)")
        run.kill_workers()
        run.start_worker()
    run.settle(good, 300)
    return run.tally(good, [])


def _broker_down(run: Run, node: Node, how: str, scale: float) -> dict:
    run.start_worker()
    thread, good, failures = produce_while(run, int(600 * scale), 20)
    wait_until(lambda: run.done_effects() >= 20, 90)  # the worker is up and working
    log(f"  broker {how} ({run.done_effects()} effects so far)")
    node.stop() if how == "stop" else node.kill()
    time.sleep(15)
    node.start()
    log("  broker back")
    thread.join()
    run.settle(good, 300)
    result = run.tally(good, [])
    result["producer_failures"] = len(failures)
    return result


def exp_broker_stop(run: Run, node: Node, scale: float) -> dict:
    return _broker_down(run, node, "stop", scale)


def exp_broker_sigkill(run: Run, node: Node, scale: float) -> dict:
    return _broker_down(run, node, "SIGKILL", scale)


def exp_disk_alarm(run: Run, node: Node, scale: float) -> dict:
    """RabbitMQ blocks publishers (disk alarm) for 20 s: the relay's publish times out and
    releases its claim, and no outbox row stays locked meanwhile (sampled every second)."""
    run.start_worker()
    thread, good, failures = produce_while(run, int(600 * scale), 25)
    wait_until(lambda: run.done_effects() >= 20, 90)
    log(f"  disk alarm on ({run.done_effects()} effects so far)")
    node.ctl("set_disk_free_limit", "10000GB")
    locked_samples = 0
    for _ in range(20):
        time.sleep(1)
        with run.engine.connect() as conn:  # rows some other transaction holds locked right now
            conn.execute(text("BEGIN"))
            locked = conn.scalar(
                text(
                    "SELECT count(*) FROM outbox_events WHERE status = 'pending' AND id NOT IN "
                    "(SELECT id FROM outbox_events WHERE status = 'pending' FOR UPDATE SKIP LOCKED)"
                )
            )
            conn.execute(text("ROLLBACK"))
        locked_samples += locked > 0
    node.ctl("set_disk_free_limit", "50MB")
    log("  disk alarm off")
    thread.join()
    run.settle(good, 300)
    result = run.tally(good, [])
    result["producer_failures"] = len(failures)
    result["seconds_with_rows_locked"] = f"{locked_samples}/20"
    return result


def exp_db_terminate(run: Run, scale: float) -> dict:
    run.start_worker()
    thread, good, failures = produce_while(run, int(600 * scale), 20)
    wait_until(lambda: run.done_effects() >= 20, 90)
    for _ in range(7):
        time.sleep(3)
        with run.engine.connect() as conn:
            ended = conn.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        log(f"  terminated {ended} database connections")
    thread.join()
    run.settle(good, 300)
    result = run.tally(good, [])
    result["producer_failures"] = len(failures)
    return result


def exp_poison(run: Run, scale: float) -> dict:
    good = run.produce("chaos.effect", int(300 * scale), '{"pause": 0.005}')
    bad = run.produce("chaos.poison", 5) + run.produce("chaos.failing", 3)
    good += run.produce("chaos.effect", int(300 * scale), '{"pause": 0.005}')
    run.start_worker()
    run.settle(good + bad, 240)
    return run.tally(good, bad)


def exp_worker_killing_message(run: Run, scale: float) -> dict:
    good = run.produce("chaos.effect", int(40 * scale), '{"pause": 0.3}')
    killer = run.produce("chaos.kill", 1, '{"pause": 0.2}')
    good += run.produce("chaos.effect", int(40 * scale), '{"pause": 0.3}')
    run.start_worker()
    run.settle(good + killer, 300)
    result = run.tally(good, killer)
    result["worker_restarts"] = run.restarts
    return result


def exp_quorum_node_loss(run: Run, nodes: list[Node], scale: float) -> dict:
    run.start_worker()
    thread, good, failures = produce_while(run, int(1000 * scale), 20, payload='{"pause": 0.005}')
    wait_until(lambda: run.done_effects() >= len(good) // 4 and len(good) > 0, 120)
    log(f"  SIGKILL {nodes[0].name}, the node the worker connected to ({run.done_effects()} effects so far)")
    nodes[0].kill()
    thread.join()
    run.settle(good, 300)
    result = run.tally(good, [])
    result["producer_failures"] = len(failures)
    return result


# --- main ------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every event count (default 1)")
    parser.add_argument("--only", action="append", help="run only this experiment (repeatable)")
    parser.add_argument("--no-cluster", action="store_true", help="skip the 3-node quorum cluster")
    args = parser.parse_args()
    db_url = os.environ.get("LINKHUB_CHAOS_DATABASE_URL", "postgresql://root@127.0.0.1:5432/linkhub_chaos")
    if not shutil.which("rabbitmqctl") or not Path(RABBITMQ_SERVER).exists():
        print("make chaos needs RabbitMQ installed (rabbitmq-server, rabbitmqctl)", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="linkhub-chaos-"))
    tag = str(os.getpid())
    results: dict[str, dict] = {}
    nodes: list[Node] = []
    run = Run(db_url=db_url, base=base)
    wanted = set(args.only or [])

    def want(name):
        return not wanted or name in wanted

    try:
        log(f"database {make_url(db_url).database}; RabbitMQ nodes and logs under {base}")
        run.prepare_database()
        single = [
            ("worker SIGKILL x3", lambda: exp_worker_sigkill(run, args.scale)),
            ("broker stop 15 s", lambda: exp_broker_stop(run, nodes[0], args.scale)),
            ("broker SIGKILL 15 s", lambda: exp_broker_sigkill(run, nodes[0], args.scale)),
            ("broker disk alarm 20 s", lambda: exp_disk_alarm(run, nodes[0], args.scale)),
            ("db connections terminated x7", lambda: exp_db_terminate(run, args.scale)),
            ("poison messages", lambda: exp_poison(run, args.scale)),
            ("worker-killing message", lambda: exp_worker_killing_message(run, args.scale)),
        ]
        if any(want(name) for name, _ in single):
            nodes.append(Node(base, 0, tag))
            log(f"starting RabbitMQ node {nodes[0].name} on port {nodes[0].port}")
            nodes[0].start()
            run.broker_url = nodes[0].url
            for name, experiment in single:
                if not want(name):
                    continue
                log(f"experiment: {name}")
                run.reset_rows()
                started = time.monotonic()
                results[name] = experiment()
                results[name]["seconds"] = round(time.monotonic() - started)
                run.kill_workers(signal.SIGTERM)
                run.restarts = 0
            nodes[0].kill()
        if not args.no_cluster and want("quorum cluster, node SIGKILL"):
            cluster = [Node(base, i, tag) for i in (1, 2, 3)]
            nodes.extend(cluster)
            log("starting a 3-node RabbitMQ cluster: " + ", ".join(f"{n.name}:{n.port}" for n in cluster))
            for node in cluster:
                node.start(wait=False)
            for node in cluster:
                node.wait_ready()
            for node in cluster[1:]:
                node.join(cluster[0])
            run.broker_url = ";".join(n.url for n in cluster)
            run.queue_type = "quorum"
            name = "quorum cluster, node SIGKILL"
            log(f"experiment: {name}")
            run.reset_rows()
            started = time.monotonic()
            results[name] = exp_quorum_node_loss(run, cluster, args.scale)
            results[name]["seconds"] = round(time.monotonic() - started)
            queues = cluster[1].ctl("list_queues", "name", "type", "messages")
            results[name]["queues"] = " ".join(
                line.split("\t")[1] for line in queues.splitlines() if line.startswith("linkhub")
            )
            run.kill_workers(signal.SIGTERM)
    finally:
        run.kill_workers()
        for node in nodes:
            node.kill()
        run.engine.dispose()
    return report(results, base)


def report(results: dict, base: Path) -> int:
    print()
    print(
        f"{'experiment':32} {'produced':>8} {'lost':>5} {'duplicated':>10} {'dead-lettered':>13} {'expected':>8} {'s':>4}  notes"
    )
    ok = bool(results)
    for name, r in results.items():
        notes = []
        for key in ("producer_failures", "worker_restarts", "seconds_with_rows_locked", "queues"):
            if key in r:
                notes.append(f"{key.replace('_', ' ')}: {r[key]}")
        notes += [
            f"dead letter #{i}: {(e or '').strip().splitlines()[-1][:70]}" for i, e in r["planted_errors"].items()
        ][:2]
        print(
            f"{name:32} {r['produced']:>8} {r['lost']:>5} {r['duplicated']:>10} {r['dead']:>13} {r['dead_expected']:>8} "
            f"{r['seconds']:>4}  {'; '.join(notes)}"
        )
        ok &= r["lost"] == 0 and r["duplicated"] == 0 and r["dead"] == r["dead_expected"] and r["innocent_dead"] == 0
        ok &= r.get("producer_failures", 0) == 0
    print(
        "\nchaos: " + ("PASS (0 lost, 0 duplicated, only planted dead letters)" if ok else "FAIL") + f"; logs in {base}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
