"""Helpers for the end-to-end suite: start `postage serve` as a child process, talk to it over
HTTP, and check the MIME it stores.

Everything here talks to 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import email
import email.policy
import glob
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]

# The account token every test server is created with (POSTAGE_ACCOUNT_TOKEN, >= 16 characters).
ACCOUNT_TOKEN = "e2e-account-" + uuid.uuid4().hex

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Postmark's classic date shape: 2016-10-06T04:24:31.2196962-04:00 (fraction optional, Z allowed).
POSTMARK_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?([+-]\d{2}:\d{2}|Z)$")

LISTENING_RE = re.compile(r"Postage HTTP API listening on (\S+):(\d+)\s*$")
SMTP_LISTENING_RE = re.compile(r"Postage SMTP submission listening on (\S+):(\d+)\s*$")
INBOUND_LISTENING_RE = re.compile(r"Postage inbound bounce listener on (\S+):(\d+)\s*$")
ACCOUNT_TOKEN_RE = re.compile(r"^\s*Account token \(X-Postmark-Account-Token\): (\S+)\s*$")
SERVER_TOKEN_RE = re.compile(r'^\s*Server "Default" \(ID 1\) token \(X-Postmark-Server-Token\): (\S+)\s*$')

# Variables of ours that must not leak from the caller's environment into a test server.
_OWN_VARIABLES = ("DATABASE_URL",)


def uid() -> str:
    """A short unique word for addresses, tags and subjects, so tests never see each other's data."""
    return uuid.uuid4().hex[:12]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def poll(predicate, timeout: float, interval: float = 0.05, message: str = "condition"):
    """Calls predicate until it returns a truthy value or the timeout passes; returns the value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------
# The binary and the databases


def postage_binary() -> Path:
    explicit = os.environ.get("POSTAGE_BIN")
    path = Path(explicit) if explicit else REPO / ".build" / "debug" / "postage"
    if not path.is_file() or not os.access(path, os.X_OK):
        raise RuntimeError(
            f"postage binary not found at {path}: build it with `swift build` or set POSTAGE_BIN"
        )
    return path


def backends() -> list[str]:
    names = [b.strip() for b in os.environ.get("POSTAGE_E2E_BACKENDS", "sqlite").split(",") if b.strip()]
    for name in names:
        if name not in ("sqlite", "postgres"):
            raise RuntimeError(f"POSTAGE_E2E_BACKENDS: unknown backend {name!r} (sqlite, postgres)")
    return names


def psql_binary() -> str:
    found = shutil.which("psql")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))
    if candidates:
        return candidates[-1]
    raise RuntimeError("psql not found (install postgresql-client)")


def psql(admin_url: str, sql: str) -> str:
    result = subprocess.run(
        [psql_binary(), admin_url, "-v", "ON_ERROR_STOP=1", "-q", "-At", "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        raise RuntimeError(f"psql failed ({result.returncode}) for {sql!r}: {result.stderr.strip()}")
    return result.stdout


def with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@dataclass
class Database:
    """A fresh, empty database for one test server (and its restarts)."""

    backend: str
    url: str
    admin_url: str | None = None
    name: str | None = None

    @classmethod
    def create(cls, backend: str, directory: Path) -> "Database":
        if backend == "sqlite":
            directory.mkdir(parents=True, exist_ok=True)
            return cls(backend, "sqlite:" + str(directory / "postage.sqlite"))
        admin = os.environ.get("POSTAGE_E2E_PG_URL")
        if not admin:
            raise RuntimeError("the postgres backend needs POSTAGE_E2E_PG_URL (e.g. postgres://postage@127.0.0.1:PORT/postgres)")
        name = "postage_e2e_" + uuid.uuid4().hex[:16]
        psql(admin, f'CREATE DATABASE "{name}"')
        return cls(backend, with_database(admin, name), admin, name)

    def drop(self) -> None:
        if self.backend == "postgres" and self.admin_url and self.name:
            psql(self.admin_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# ---------------------------------------------------------------------------------------------
# The server process


class PostageServer:
    """One `postage serve` child process on an ephemeral loopback port."""

    def __init__(self, database: Database, workdir: Path, extra_env: dict | None = None, name: str = "postage"):
        self.database = database
        self.workdir = workdir
        self.extra_env = dict(extra_env or {})
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.host: str | None = None
        self.smtp_port: int | None = None
        self.inbound_port: int | None = None
        self.account_token: str | None = None
        self.server_token: str | None = None
        self.printed_tokens = False
        self.stdout_lines: list[str] = []
        self._lines_cond = threading.Condition()
        self._reader: threading.Thread | None = None
        self.starts = 0
        self.log_path: Path | None = None
        self._log_file = None

    # -- environment ----------------------------------------------------------------------------

    def environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("POSTAGE_") and k not in _OWN_VARIABLES}
        env.update(
            {
                "POSTAGE_DATA_DIR": str(self.workdir / "data"),
                "DATABASE_URL": self.database.url,
                "POSTAGE_HTTP_ADDRESS": "127.0.0.1:0",
                "POSTAGE_ACCOUNT_TOKEN": ACCOUNT_TOKEN,
                "POSTAGE_HOSTNAME": "postage.test",
                "POSTAGE_LOG_LEVEL": "info",
                # The API-only suites must never reach a real resolver or MX: delivery runs only in
                # tests that give it loopback DNS and SMTP peers (test_delivery.py).
                "POSTAGE_ROLES": "api",
            }
        )
        env.update(self.extra_env)
        return env

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self, timeout: float = 120.0) -> "PostageServer":
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        self.log_path = self.workdir / f"{self.name}-{self.starts}.stderr.log"
        self._log_file = open(self.log_path, "wb")
        self.stdout_lines = []
        self.port = None
        self.smtp_port = None
        self.inbound_port = None
        self.printed_tokens = False
        roles = self.environment().get("POSTAGE_ROLES", "")
        wants_smtp = "smtp" in roles.split(",")
        wants_inbound = "inbound" in roles.split(",")
        self.proc = subprocess.Popen(
            [str(postage_binary()), "serve"],
            cwd=self.workdir,
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
        )
        self._reader = threading.Thread(target=self._read_stdout, args=(self.proc,), daemon=True)
        self._reader.start()

        deadline = time.monotonic() + timeout
        with self._lines_cond:
            while self.port is None or (wants_smtp and self.smtp_port is None) or \
                    (wants_inbound and self.inbound_port is None):
                if self.proc.poll() is not None and not self._reader.is_alive():
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._lines_cond.wait(min(remaining, 0.2))
        if self.port is None or (wants_smtp and self.smtp_port is None) or (wants_inbound and self.inbound_port is None):
            rc = self.proc.poll()
            if rc is None:
                self.proc.kill()
                self.proc.wait(10)
            raise AssertionError(
                f"postage serve did not announce its port within {timeout}s (exit code {rc}).\n"
                f"stdout:\n{''.join(self.stdout_lines)}\nstderr tail:\n{self.stderr_tail()}"
            )
        return self

    def _read_stdout(self, proc: subprocess.Popen) -> None:
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace")
            with self._lines_cond:
                self.stdout_lines.append(line)
                m = ACCOUNT_TOKEN_RE.match(line)
                if m:
                    self.account_token = m.group(1)
                    self.printed_tokens = True
                m = SERVER_TOKEN_RE.match(line)
                if m:
                    self.server_token = m.group(1)
                m = LISTENING_RE.search(line)
                if m and self.port is None:
                    self.host, self.port = m.group(1), int(m.group(2))
                m = SMTP_LISTENING_RE.search(line)
                if m and self.smtp_port is None:
                    self.smtp_port = int(m.group(2))
                m = INBOUND_LISTENING_RE.search(line)
                if m and self.inbound_port is None:
                    self.inbound_port = int(m.group(2))
                self._lines_cond.notify_all()
        proc.stdout.close()
        with self._lines_cond:
            self._lines_cond.notify_all()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, then wait; returns the exit code. Kills and raises if it does not exit in time."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
                self._close_log()
                raise AssertionError(f"postage did not exit within {timeout}s of SIGTERM")
        self._join_reader()
        self._close_log()
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL: no chance to flush or clean up."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self._join_reader()
        self._close_log()

    def _join_reader(self):
        if self._reader is not None:
            self._reader.join(10)

    def _close_log(self):
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def stderr_text(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        if self._log_file is not None:
            self._log_file.flush()
        return self.log_path.read_text("utf-8", "replace")

    def stderr_tail(self, lines: int = 40) -> str:
        return "\n".join(self.stderr_text().splitlines()[-lines:])

    # -- clients --------------------------------------------------------------------------------

    def api(self) -> "Api":
        return Api(self.base_url)

    def postmarker(self, server_token: str | None = None, account_token: str | None = None):
        from postmarker.core import PostmarkClient

        return PostmarkClient(
            server_token=server_token or self.server_token,
            account_token=account_token or self.account_token,
            root_api_url=self.base_url,
            max_retries=0,
            timeout=120,
        )


# ---------------------------------------------------------------------------------------------
# Raw HTTP


class Api:
    """Thin wrapper over requests for raw calls (no proxies, explicit tokens)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.trust_env = False  # never route loopback through a proxy from the environment

    def request(self, method, path, *, server=None, account=None, json_body=None, data=None, params=None,
                headers=None, timeout=120):
        hdrs = {"Accept": "application/json"}
        if json_body is not None or data is not None:
            hdrs["Content-Type"] = "application/json"
        if server is not None:
            hdrs["X-Postmark-Server-Token"] = server
        if account is not None:
            hdrs["X-Postmark-Account-Token"] = account
        hdrs.update(headers or {})
        if json_body is not None:
            data = json.dumps(json_body).encode("utf-8")
        return self.session.request(method, urllib.parse.urljoin(self.base_url, path.lstrip("/")),
                                    data=data, params=params, headers=hdrs, timeout=timeout)

    def send(self, token, message, **kw):
        return self.request("POST", "/email", server=token, json_body=message, **kw)

    def batch(self, token, messages, **kw):
        return self.request("POST", "/email/batch", server=token, json_body=messages, **kw)

    def search(self, token, **params):
        params.setdefault("count", 500)
        params.setdefault("offset", 0)
        r = self.request("GET", "/messages/outbound", server=token, params=params)
        assert r.status_code == 200, f"search {params} -> {r.status_code} {r.text}"
        return r.json()

    def total(self, token, **params) -> int:
        params.setdefault("count", 1)
        return self.search(token, **params)["TotalCount"]

    def ids(self, token, **params) -> list[str]:
        return [m["MessageID"] for m in self.search(token, **params)["Messages"]]

    def details(self, token, message_id):
        return self.request("GET", f"/messages/outbound/{message_id}/details", server=token)

    def dump(self, token, message_id):
        return self.request("GET", f"/messages/outbound/{message_id}/dump", server=token)

    def dump_bytes(self, token, message_id) -> bytes:
        r = self.dump(token, message_id)
        assert r.status_code == 200, f"dump {message_id} -> {r.status_code} {r.text}"
        body = r.json()["Body"]
        assert isinstance(body, str) and body, f"empty dump for {message_id}"
        return body.encode("utf-8")

    def metrics(self) -> str:
        r = self.request("GET", "/metrics")
        assert r.status_code == 200, r.text
        return r.text


def assert_error(response, http_status, error_code, message_part=None):
    """Asserts a Postmark error envelope: status, ErrorCode, a non-empty Message."""
    assert response.status_code == http_status, (
        f"expected HTTP {http_status}/ErrorCode {error_code}, got {response.status_code}: {response.text[:500]}"
    )
    content_type = response.headers.get("Content-Type", "")
    assert content_type.startswith("application/json"), f"error with Content-Type {content_type!r}"
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("ErrorCode") == error_code, body
    assert isinstance(body.get("Message"), str) and body["Message"], body
    if message_part is not None:
        assert message_part in body["Message"], body
    return body


def assert_send_ok(body, to=None, test_job=False):
    """Checks every field of a successful send response."""
    assert isinstance(body, dict), body
    assert body.get("ErrorCode") == 0, body
    assert body.get("Message") == ("Test job accepted" if test_job else "OK"), body
    assert isinstance(body.get("MessageID"), str) and UUID_RE.match(body["MessageID"]), body
    assert isinstance(body.get("SubmittedAt"), str) and POSTMARK_DATE_RE.match(body["SubmittedAt"]), body
    submitted = parse_postmark_date(body["SubmittedAt"])
    now = time.time()
    assert abs(submitted - now) < 600, f"SubmittedAt {body['SubmittedAt']} is not close to now"
    if to is not None:
        assert body.get("To") == to, body
    return body["MessageID"]


def parse_postmark_date(text: str) -> float:
    """Seconds since the epoch for a Postmark date (up to 7 fractional digits, offset or Z)."""
    from datetime import datetime

    m = re.match(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$", text)
    assert m, text
    base = m.group(1)
    frac = (m.group(2) or "0")[:6].ljust(6, "0")
    offset = "+00:00" if m.group(3) == "Z" else m.group(3)
    return datetime.fromisoformat(f"{base}.{frac}{offset}").timestamp()


# ---------------------------------------------------------------------------------------------
# Streaming a large body over a raw socket


def post_streaming(port: int, path: str, headers: dict, prefix: bytes, filler: bytes, filler_count: int,
                   suffix: bytes, chunked: bool, timeout: float = 120.0):
    """POSTs prefix + filler*filler_count + suffix without building it in memory.

    Stops sending as soon as the server answers (it may reject early). Returns
    (status, headers, body, bytes_sent)."""
    total = len(prefix) + len(filler) * filler_count + len(suffix)
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}")
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("ascii"))

        def frames():
            for piece in [prefix] + [filler] * filler_count + [suffix]:
                yield (f"{len(piece):x}\r\n".encode("ascii") + piece + b"\r\n") if chunked else piece
            if chunked:
                yield b"0\r\n\r\n"

        # Send without ever blocking, so that an early answer (the server stops reading and
        # replies 413) is noticed instead of waiting on a full send window.
        sent = 0
        pending = b""
        source = frames()
        sock.setblocking(False)
        deadline = time.monotonic() + timeout
        try:
            while True:
                if not pending:
                    pending = next(source, None)
                    if pending is None:
                        break
                readable, writable, _ = select.select([sock], [sock], [], max(0.0, deadline - time.monotonic()))
                if readable:
                    break  # the server answered (or closed): stop sending
                if not writable:
                    raise AssertionError(f"server neither read nor answered within {timeout}s")
                n = sock.send(pending)
                sent += n
                pending = pending[n:]
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading; its answer should be waiting
        sock.setblocking(True)
        sock.settimeout(timeout)

        data = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
                if b"\r\n\r\n" in data:
                    head_part, _, rest = data.partition(b"\r\n\r\n")
                    m = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head_part)
                    if m and len(rest) >= int(m.group(1)):
                        break
        except ConnectionResetError:
            pass
        if not data:
            raise AssertionError(f"no HTTP response after sending {sent} of {total} bytes")
        head_part, _, body = data.partition(b"\r\n\r\n")
        lines = head_part.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        response_headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            response_headers[k.strip().lower()] = v.strip()
        if response_headers.get("transfer-encoding", "").lower() == "chunked":
            body = _dechunk(body)
        return status, response_headers, body, sent
    finally:
        sock.close()


def _dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2:]
    return out


# ---------------------------------------------------------------------------------------------
# Metrics


def metric_sum(text: str, name: str, labels: dict | None = None) -> float:
    """Sum of every sample of `name` (exact metric name) whose labels include `labels`."""
    total = 0.0
    found = False
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)", line)
        if not m or m.group(1) != name:
            continue
        sample_labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        if labels and any(sample_labels.get(k) != v for k, v in labels.items()):
            continue
        found = True
        total += float(m.group(4))
    return total if found else 0.0


# ---------------------------------------------------------------------------------------------
# MIME


@dataclass
class ExpectedAttachment:
    name: str
    data: bytes
    content_type: str
    content_id: str | None = None  # without "cid:" and without angle brackets


@dataclass
class ExpectedMessage:
    from_addr: str
    from_name: str = ""
    to: list = field(default_factory=list)  # [(name, addr)]
    cc: list = field(default_factory=list)
    bcc: list = field(default_factory=list)  # addresses that must NOT appear anywhere
    reply_to: list = field(default_factory=list)
    subject: str | None = None
    text: str | None = None
    html: str | None = None
    headers: dict = field(default_factory=dict)
    attachments: list = field(default_factory=list)


def assert_wire_format(raw: bytes) -> None:
    """CRLF line ends only and no line longer than 998 octets (RFC 5322 2.1.1, 2.3)."""
    bare_lf = re.search(rb"(?<!\r)\n", raw)
    assert bare_lf is None, f"bare LF at offset {bare_lf.start()}: {raw[max(0, bare_lf.start() - 60):bare_lf.start() + 20]!r}"
    bare_cr = re.search(rb"\r(?!\n)", raw)
    assert bare_cr is None, f"bare CR at offset {bare_cr.start()}"
    for number, line in enumerate(raw.split(b"\r\n"), 1):
        assert len(line) <= 998, f"line {number} is {len(line)} octets long: {line[:80]!r}..."


def _norm_text(value: str) -> str:
    return value.replace("\r\n", "\n")


def _assert_text_equal(actual: str, expected: str, what: str):
    actual = _norm_text(actual)
    expected = _norm_text(expected)
    # A MIME builder may end a body part with one line break; nothing else may change.
    assert actual == expected or actual == expected + "\n", (
        f"{what} differs:\n expected {expected[:300]!r}\n actual   {actual[:300]!r}"
    )


_ENCODED_WORD = r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?="


def _addresses(msg, header):
    """[(display name, address)] of an address header.

    RFC 2047 6.2: white space between adjacent encoded-words is not part of the text. CPython's
    address parser keeps it inside display names (it handles this only in unstructured headers),
    so collapse it before parsing; without this, a correctly folded long name reads "Ña me"."""
    raws = [value for name, value in msg.raw_items() if name.lower() == header.lower()]
    if not raws:
        return []
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", raws[0])
    collapsed = re.sub(rf"({_ENCODED_WORD})[ \t]+(?={_ENCODED_WORD})", r"\1", unfolded)
    parsed = email.policy.default.header_factory(header, collapsed)
    return [(a.display_name, a.addr_spec) for a in parsed.addresses]


def parse_message(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def check_message(raw: bytes, exp: ExpectedMessage, check_date: bool = True):
    """Parses the raw MIME with Python's email package and checks it against what was sent."""
    assert_wire_format(raw)
    msg = parse_message(raw)
    for part in msg.walk():
        assert not part.defects, f"MIME defects in {part.get_content_type()}: {part.defects}"

    header_block = raw.split(b"\r\n\r\n", 1)[0]
    assert all(b < 128 for b in header_block), "raw 8-bit bytes in the header section (encode with RFC 2047)"
    for part in msg.walk():
        cte = str(part.get("Content-Transfer-Encoding", "7bit")).strip().lower()
        assert cte in ("7bit", "8bit", "binary", "quoted-printable", "base64"), f"unknown transfer encoding {cte}"
        if not part.is_multipart() and cte in ("7bit", "quoted-printable", "base64"):
            payload = part.get_payload(decode=False)
            assert isinstance(payload, str) and all(ord(ch) < 128 for ch in payload), \
                f"{part.get_content_type()} declares {cte} but carries 8-bit data"
    assert msg["MIME-Version"] is not None and str(msg["MIME-Version"]).strip() == "1.0", msg["MIME-Version"]
    assert msg["Date"] is not None and msg["Date"].datetime is not None, "Date header missing or unparseable"
    if check_date:
        assert msg["Date"].datetime.tzinfo is not None, "Date header has no zone"
        assert abs(msg["Date"].datetime.timestamp() - time.time()) < 900, f"Date {msg['Date']} is not now"
    assert msg["Message-ID"] is not None and re.match(r"^<[^<>@\s]+@[^<>@\s]+>$", str(msg["Message-ID"]).strip()), \
        f"bad Message-ID {msg['Message-ID']!r}"
    for header in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Cc", "Reply-To"):
        assert len(msg.get_all(header) or []) <= 1, f"{header} appears more than once"

    assert _addresses(msg, "From") == [(exp.from_name, exp.from_addr)], _addresses(msg, "From")
    assert _addresses(msg, "To") == list(exp.to), _addresses(msg, "To")
    assert _addresses(msg, "Cc") == list(exp.cc), _addresses(msg, "Cc")
    if exp.reply_to:
        assert _addresses(msg, "Reply-To") == list(exp.reply_to), _addresses(msg, "Reply-To")
    if exp.subject is not None:
        assert msg["Subject"] is not None, "Subject header missing"
        assert str(msg["Subject"]) == exp.subject, f"Subject {str(msg['Subject'])!r} != {exp.subject!r}"

    assert msg["Bcc"] is None, "Bcc header present"
    for address in exp.bcc:
        assert address.lower().encode() not in raw.lower(), f"Bcc address {address} appears in the message"

    for name, value in exp.headers.items():
        assert msg[name] is not None, f"custom header {name} missing"
        assert str(msg[name]) == value, f"header {name}: {str(msg[name])!r} != {value!r}"

    if exp.text is not None:
        part = msg.get_body(preferencelist=("plain",))
        assert part is not None, "no text/plain body"
        _assert_text_equal(part.get_content(), exp.text, "text body")
    if exp.html is not None:
        part = msg.get_body(preferencelist=("html",))
        assert part is not None, "no text/html body"
        _assert_text_equal(part.get_content(), exp.html, "html body")
    if exp.text is not None and exp.html is None:
        assert msg.get_body(preferencelist=("html",)) is None, "unexpected html body"
    if exp.html is not None and exp.text is None:
        assert msg.get_body(preferencelist=("plain",)) is None, "unexpected text body"

    found = {}
    body_parts = {id(p) for p in (msg.get_body(preferencelist=("plain",)), msg.get_body(preferencelist=("html",))) if p}
    for part in msg.walk():
        if part.is_multipart() or id(part) in body_parts:
            continue
        name = part.get_filename()
        assert name is not None, f"part {part.get_content_type()} is neither a body nor a named attachment"
        assert name not in found, f"attachment {name} appears twice"
        found[name] = part
    assert sorted(found) == sorted(a.name for a in exp.attachments), f"attachments {sorted(found)}"
    for att in exp.attachments:
        part = found[att.name]
        assert part.get_content_type() == att.content_type.lower(), (att.name, part.get_content_type())
        data = part.get_payload(decode=True)
        assert data == att.data, f"attachment {att.name}: {len(data)} bytes, expected {len(att.data)} (content differs)"
        if att.content_id is not None:
            cid = str(part["Content-ID"] or "").strip()
            assert cid == f"<{att.content_id}>", f"attachment {att.name}: Content-ID {cid!r}"
            assert part.get_content_disposition() == "inline", (att.name, part.get_content_disposition())
        else:
            assert part.get_content_disposition() == "attachment", (att.name, part.get_content_disposition())
    return msg
