"""A message answered 200 survives kill -9 (architecture, promise 1)."""

import threading
import time

import pytest
import requests

from harness import UUID_RE, parse_message, uid

CLIENT_THREADS = 16
BATCH_THREADS = 4  # of the 16, these send /email/batch with 5 messages each
BATCH_SIZE = 5
TARGET_ACKNOWLEDGED = 300
MAX_REQUESTS_PER_THREAD = 1000
BURST_SECONDS = 90
KILL_AFTER_SECONDS = 40
MIN_ACKNOWLEDGED = 50


@pytest.mark.slow
def test_acknowledged_messages_survive_sigkill(servers, backend, capsys):
    server = servers.server()
    token = server.server_token
    url = server.base_url
    run = uid()

    lock = threading.Lock()
    acknowledged = []  # (message id, subject, recipient)
    unexpected = []  # failures before the kill: none are allowed
    failed_after_kill = []
    killed = threading.Event()

    def worker(n: int):
        session = requests.Session()
        session.trust_env = False
        deadline = time.monotonic() + BURST_SECONDS
        for i in range(MAX_REQUESTS_PER_THREAD):
            if time.monotonic() > deadline:
                return
            if n < BATCH_THREADS:
                items = [(f"dur {run} t{n} r{i} m{k} ✓", f"d-{run}-{n}-{i}-{k}@example.test") for k in range(BATCH_SIZE)]
                path, payload = "email/batch", [
                    {"From": f"dur-{run}@example.test", "To": rcpt, "Subject": subject, "TextBody": subject}
                    for subject, rcpt in items]
            else:
                items = [(f"dur {run} t{n} r{i} ✓", f"d-{run}-{n}-{i}@example.test")]
                path, payload = "email", {"From": f"dur-{run}@example.test", "To": items[0][1],
                                          "Subject": items[0][0], "TextBody": items[0][0]}
            try:
                r = session.post(url + path, json=payload, timeout=60,
                                 headers={"X-Postmark-Server-Token": token, "Accept": "application/json"})
            except requests.RequestException as error:
                with lock:
                    (failed_after_kill if killed.is_set() else unexpected).append(repr(error))
                return
            if r.status_code != 200:
                with lock:
                    (failed_after_kill if killed.is_set() else unexpected).append(f"{r.status_code} {r.text[:200]}")
                return
            body = r.json()
            results = body if isinstance(body, list) else [body]
            with lock:
                for (subject, rcpt), result in zip(results, items):
                    if result.get("ErrorCode") == 0 and UUID_RE.match(result.get("MessageID", "")):
                        acknowledged.append((result["MessageID"], subject, rcpt))
                    else:
                        unexpected.append(f"item rejected: {result}")

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(CLIENT_THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()

    # Kill once enough messages are acknowledged (or after KILL_AFTER_SECONDS, whatever came in).
    while time.monotonic() - started < KILL_AFTER_SECONDS:
        with lock:
            if len(acknowledged) >= TARGET_ACKNOWLEDGED or unexpected:
                break
        time.sleep(0.01)
    with lock:
        assert not unexpected, f"failures before the kill: {unexpected[:5]}"
        assert len(acknowledged) >= MIN_ACKNOWLEDGED, f"only {len(acknowledged)} acknowledged in {KILL_AFTER_SECONDS}s"
    killed.set()
    server.kill()
    kill_time = time.monotonic() - started
    with lock:
        acknowledged_at_kill = len(acknowledged)
    for thread in threads:
        thread.join(90)
    assert not any(thread.is_alive() for thread in threads), "client threads did not stop"
    assert not unexpected, f"failures before the kill: {unexpected[:5]}"
    assert failed_after_kill, "no request was in flight when the server was killed"
    snapshot = list(acknowledged)
    assert len(snapshot) >= acknowledged_at_kill

    server.start()
    api = server.api()
    missing, wrong = [], []
    for message_id, subject, rcpt in snapshot:
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
    total = api.total(token)
    with capsys.disabled():
        print(f"\n[durability/{backend}] {CLIENT_THREADS} client threads; killed after {kill_time:.1f}s; "
              f"{len(snapshot)} messages acknowledged with 200; {len(failed_after_kill)} requests cut off by the kill; "
              f"after restart: {len(snapshot) - len(missing) - len(wrong)} verified, {len(missing)} missing, "
              f"{len(wrong)} wrong; {total} stored in all")
    assert not missing, f"{len(missing)} acknowledged messages are gone after kill -9: {missing[:5]}"
    assert not wrong, f"{len(wrong)} acknowledged messages differ after kill -9: {wrong[:5]}"
    assert total >= len(snapshot)

    # The restarted server takes new mail.
    r = api.send(token, {"From": f"dur-{run}@example.test", "To": "after@example.test", "TextBody": "after"})
    assert r.status_code == 200, r.text
