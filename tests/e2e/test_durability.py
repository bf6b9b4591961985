"""A message answered 200 survives kill -9 (architecture, promise 1), and SIGTERM under load is
graceful."""

import signal
import threading
import time

import pytest
import requests

from harness import UUID_RE, parse_message, uid

CLIENT_THREADS = 16
BATCH_THREADS = 4  # of the 16, these send /email/batch with BATCH_SIZE messages each
BATCH_SIZE = 5
MAX_REQUESTS_PER_THREAD = 1000
BURST_SECONDS = 90
STOP_AFTER_SECONDS = 40


class Burst:
    """Client threads that send until the server goes away, recording every acknowledged message."""

    def __init__(self, server, threads=CLIENT_THREADS, batch_threads=BATCH_THREADS):
        self.url = server.base_url
        self.token = server.server_token
        self.run = uid()
        self.lock = threading.Lock()
        self.acknowledged = []  # (message id, subject, recipient)
        self.unexpected = []  # failures before the stop: none are allowed
        self.cut_off = []  # requests that failed after the stop
        self.bad_status_after_stop = []  # HTTP answers other than 200 after the stop
        self.stopped = threading.Event()
        self.batch_threads = batch_threads
        self.threads = [threading.Thread(target=self._worker, args=(n,), daemon=True) for n in range(threads)]

    def start(self):
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()

    def wait_for(self, acknowledged, minimum, seconds=STOP_AFTER_SECONDS):
        while time.monotonic() - self.started < seconds:
            with self.lock:
                if len(self.acknowledged) >= acknowledged or self.unexpected:
                    break
            time.sleep(0.01)
        with self.lock:
            assert not self.unexpected, f"failures before the server was stopped: {self.unexpected[:5]}"
            assert len(self.acknowledged) >= minimum, f"only {len(self.acknowledged)} acknowledged in {seconds}s"

    def join(self):
        for thread in self.threads:
            thread.join(90)
        assert not any(thread.is_alive() for thread in self.threads), "client threads did not stop"
        assert not self.unexpected, f"failures before the server was stopped: {self.unexpected[:5]}"
        return list(self.acknowledged)

    def _worker(self, n: int):
        try:
            self._send_until_failure(n)
        except Exception as error:  # noqa: BLE001 - a crashed client thread is a test failure
            with self.lock:
                self.unexpected.append(f"client thread {n} crashed: {error!r}")

    def _send_until_failure(self, n: int):
        session = requests.Session()
        session.trust_env = False
        deadline = time.monotonic() + BURST_SECONDS
        sender = f"dur-{self.run}@example.test"
        for i in range(MAX_REQUESTS_PER_THREAD):
            if time.monotonic() > deadline:
                return
            if n < self.batch_threads:
                items = [(f"dur {self.run} t{n} r{i} m{k} ✓", f"d-{self.run}-{n}-{i}-{k}@example.test")
                         for k in range(BATCH_SIZE)]
                path = "email/batch"
                payload = [{"From": sender, "To": rcpt, "Subject": subject, "TextBody": subject}
                           for subject, rcpt in items]
            else:
                items = [(f"dur {self.run} t{n} r{i} ✓", f"d-{self.run}-{n}-{i}@example.test")]
                path = "email"
                payload = {"From": sender, "To": items[0][1], "Subject": items[0][0], "TextBody": items[0][0]}
            try:
                r = session.post(self.url + path, json=payload, timeout=60,
                                 headers={"X-Postmark-Server-Token": self.token, "Accept": "application/json"})
            except requests.RequestException as error:
                with self.lock:
                    (self.cut_off if self.stopped.is_set() else self.unexpected).append(repr(error))
                return
            if r.status_code != 200:
                with self.lock:
                    if not self.stopped.is_set():
                        self.unexpected.append(f"{r.status_code} {r.text[:200]}")
                    elif r.status_code == 503:
                        self.cut_off.append("503 while shutting down")  # a polite refusal is fine
                    else:
                        self.bad_status_after_stop.append(f"{r.status_code} {r.text[:200]}")
                return
            body = r.json()
            results = body if isinstance(body, list) else [body]
            with self.lock:
                if len(results) != len(items):
                    self.unexpected.append(f"{len(results)} results for {len(items)} messages")
                for (subject, rcpt), result in zip(items, results):
                    if result.get("ErrorCode") == 0 and UUID_RE.match(result.get("MessageID", "")):
                        self.acknowledged.append((result["MessageID"], subject, rcpt))
                    else:
                        self.unexpected.append(f"item rejected: {result}")


def verify_all_present(api, token, acknowledged):
    """Every acknowledged message is there with its recipient, and its raw MIME parses."""
    missing, wrong = [], []
    for message_id, subject, rcpt in acknowledged:
        r = api.details(token, message_id)
        if r.status_code != 200:
            missing.append((message_id, r.status_code, r.text[:120]))
            continue
        details = r.json()
        if details.get("Subject") != subject or details.get("Recipients") != [rcpt]:
            wrong.append((message_id, "details", details.get("Subject"), details.get("Recipients")))
            continue
        dump = api.dump(token, message_id)
        if dump.status_code != 200 or not dump.json().get("Body"):
            wrong.append((message_id, "dump", dump.status_code))
            continue
        msg = parse_message(dump.json()["Body"].encode("utf-8"))
        if str(msg["Subject"]) != subject or [a.addr_spec for a in msg["To"].addresses] != [rcpt]:
            wrong.append((message_id, "mime", str(msg["Subject"])))
    return missing, wrong


@pytest.mark.slow
def test_acknowledged_messages_survive_sigkill(servers, backend, capsys):
    server = servers.server()
    token = server.server_token
    burst = Burst(server)
    burst.start()
    burst.wait_for(acknowledged=1000, minimum=50)
    with burst.lock:
        burst.stopped.set()
        acknowledged_at_kill = len(burst.acknowledged)
    server.kill()
    kill_time = time.monotonic() - burst.started
    acknowledged = burst.join()
    assert burst.cut_off, "no request was in flight when the server was killed"
    assert len(acknowledged) >= acknowledged_at_kill

    server.start()
    api = server.api()
    missing, wrong = verify_all_present(api, token, acknowledged)
    total = api.total(token)
    with capsys.disabled():
        print(f"\n[kill -9/{backend}] {CLIENT_THREADS} client threads; killed after {kill_time:.1f}s; "
              f"{len(acknowledged)} messages acknowledged with 200; {len(burst.cut_off)} requests cut off; "
              f"after restart: {len(acknowledged) - len(missing) - len(wrong)} verified, {len(missing)} missing, "
              f"{len(wrong)} wrong; {total} stored in all")
    assert not missing, f"{len(missing)} acknowledged messages are gone after kill -9: {missing[:5]}"
    assert not wrong, f"{len(wrong)} acknowledged messages differ after kill -9: {wrong[:5]}"
    assert total >= len(acknowledged)

    # The restarted server takes new mail.
    r = api.send(token, {"From": f"after-{burst.run}@example.test", "To": "after@example.test", "TextBody": "x"})
    assert r.status_code == 200, r.text


@pytest.mark.slow
def test_sigterm_under_load_is_graceful(servers, backend, capsys):
    server = servers.server()
    token = server.server_token
    burst = Burst(server, threads=8, batch_threads=2)
    burst.start()
    burst.wait_for(acknowledged=300, minimum=50)
    with burst.lock:
        burst.stopped.set()
    server.proc.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    rc = server.stop(timeout=30)
    exit_seconds = time.monotonic() - signalled
    acknowledged = burst.join()
    assert rc == 0, f"exit code {rc} after SIGTERM:\n{server.stderr_tail()}"
    assert not burst.bad_status_after_stop, f"answers during shutdown: {burst.bad_status_after_stop[:5]}"

    server.start()
    api = server.api()
    missing, wrong = verify_all_present(api, token, acknowledged)
    with capsys.disabled():
        print(f"\n[SIGTERM/{backend}] exited 0 after {exit_seconds:.1f}s; {len(acknowledged)} acknowledged; "
              f"{len(burst.cut_off)} requests refused or cut off; after restart: {len(missing)} missing, "
              f"{len(wrong)} wrong")
    assert not missing and not wrong, (missing[:5], wrong[:5])
