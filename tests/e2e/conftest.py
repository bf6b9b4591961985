"""Fixtures for the end-to-end suite.

Environment:
  POSTAGE_BIN            the built binary (default: .build/debug/postage)
  POSTAGE_E2E_BACKENDS   comma-separated: sqlite, postgres (default: sqlite)
  POSTAGE_E2E_PG_URL     admin URL of a PostgreSQL cluster for the postgres backend; every test
                         server gets its own fresh database in it (CREATE DATABASE via psql)
"""

import os
from pathlib import Path

import pytest

# Loopback only: never let a proxy from the environment see our requests (postmarker uses
# requests with trust_env).
for _name in ("NO_PROXY", "no_proxy"):
    _current = os.environ.get(_name, "")
    os.environ[_name] = ",".join(filter(None, [_current, "127.0.0.1", "localhost"]))

from harness import ACCOUNT_TOKEN, Database, PostageServer, backends, postage_binary  # noqa: E402

BACKENDS = backends()


def pytest_report_header(config):
    try:
        binary = postage_binary()
    except RuntimeError as error:
        binary = f"(missing: {error})"
    return [f"postage binary: {binary}", f"backends: {', '.join(BACKENDS)}"]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


class ServerFactory:
    """Starts test servers on fresh databases; stops each with SIGTERM at teardown and checks the
    exit code."""

    def __init__(self, backend: str, root: Path):
        self.backend = backend
        self.root = root
        self.servers: list[PostageServer] = []
        self.databases: list[Database] = []
        self.killed: set[int] = set()

    def database(self) -> Database:
        db = Database.create(self.backend, self.root / f"db{len(self.databases)}")
        self.databases.append(db)
        return db

    def server(self, database: Database | None = None, extra_env: dict | None = None,
               start: bool = True) -> PostageServer:
        database = database or self.database()
        workdir = self.root / f"server{len(self.servers)}"
        server = PostageServer(database, workdir, extra_env=extra_env, name=f"postage-{self.backend}")
        self.servers.append(server)
        if start:
            server.start()
        return server

    def finish(self):
        problems = []
        for server in self.servers:
            if server.proc is None:
                continue
            was_running = server.running()
            rc = server.stop()
            if was_running and rc != 0:
                problems.append(f"server in {server.workdir} exited with {rc} after SIGTERM:\n{server.stderr_tail()}")
        for db in self.databases:
            db.drop()
        assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def postage(backend, tmp_path_factory):
    """One server per backend shared by the tests that only add uniquely-named data."""
    factory = ServerFactory(backend, tmp_path_factory.mktemp(f"shared-{backend}"))
    server = factory.server()
    assert server.printed_tokens, f"first start printed no tokens:\n{''.join(server.stdout_lines)}"
    assert server.account_token == ACCOUNT_TOKEN, "POSTAGE_ACCOUNT_TOKEN was not used as the account token"
    assert server.server_token, f"no server token printed:\n{''.join(server.stdout_lines)}"
    yield server
    factory.finish()


@pytest.fixture
def servers(backend, tmp_path):
    """A factory of private servers (fresh database each) for tests that need a clean slate."""
    factory = ServerFactory(backend, tmp_path)
    yield factory
    factory.finish()


@pytest.fixture
def api(postage):
    return postage.api()


@pytest.fixture
def client(postage):
    return postage.postmarker()
