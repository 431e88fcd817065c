"""Real Redis and PostgreSQL servers for the tests, from the Debian packages, on 127.0.0.1.

Each server runs from a throwaway directory on a free port and is stopped when the tests end.
PostgreSQL refuses to run as root (CI is root), so there it runs as the `postgres` user that
Debian's package creates. The project installs both packages (`make services`, `.ci/run`); when
they are missing, `ServiceMissing` says so (tests/conftest.py fails under CI, skips elsewhere).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL_HINT = "run `make services` (apt-get install redis-server postgresql)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServiceMissing(RuntimeError):
    """The Debian package a server needs is not installed; the message says how to get it."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} is not installed: {INSTALL_HINT}")


def wait_until_ready(
    url: str, process: subprocess.Popen[bytes], *, timeout_s: float = 60, path: str = "/readyz"
) -> None:
    """Until `sourced serve` at `url` answers `path` with 200; RuntimeError when the process
    exits first or `timeout_s` passes."""
    import httpx

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(url + path, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"sourced serve exited with {process.returncode} while starting")
        if time.monotonic() > deadline:
            raise RuntimeError(f"sourced serve did not answer {path} within {timeout_s:.0f} s")
        time.sleep(0.1)


def _wait_for_port(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} while starting")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on port {port} within 30 s")


class RedisServer:
    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise ServiceMissing("redis-server")
        self.dir = Path(tempfile.mkdtemp(prefix="sourced-redis-"))
        self.port = free_port()
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        options += ["--appendonly", "no", "--dir", str(self.dir), "--loglevel", "warning"]
        self.process = subprocess.Popen(
            [str(binary), *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, self.process, "redis-server")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def flush(self) -> None:
        import redis

        client = redis.Redis.from_url(self.url())
        client.flushall()
        client.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(found[0]).parent if found else None


class PostgresServer:
    """A cluster made by initdb, trust authentication on 127.0.0.1 only, fsync off."""

    def __init__(self) -> None:
        bindir = _postgres_bin()
        if bindir is None:
            raise ServiceMissing("PostgreSQL")
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="sourced-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        log = self.dir / "log"
        started = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(log))
        if started.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr!r}\n{tail}")

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess[bytes]:
        command = [*self._as_user, str(self.bindir / tool), *args]
        if tool == "pg_ctl":
            command += ["-w", "-t", "30", "start"]
            return subprocess.run(command, capture_output=True, cwd=self.dir)
        return subprocess.run(command, check=True, capture_output=True, cwd=self.dir)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    @contextmanager
    def database(self) -> Iterator[str]:
        """A new empty database's URL, dropped afterwards."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield self.url(name)
        finally:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        pg_ctl = str(self.bindir / "pg_ctl")
        subprocess.run(
            [*self._as_user, pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            cwd=self.dir,
        )
        shutil.rmtree(self.dir, ignore_errors=True)
