"""Configuration, CLI, health, metrics, logs and restarts."""

import os
import re
import socket
import subprocess
import time

from harness import (
    ACCOUNT_TOKEN,
    assert_error,
    assert_send_ok,
    metric_sum,
    poll,
    postage_binary,
    uid,
)


def run_cli(args, env_overrides, timeout=60, cwd=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTAGE_") and k != "DATABASE_URL"}
    env.update(env_overrides)
    return subprocess.run([str(postage_binary()), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, cwd=cwd)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_version(tmp_path):
    result = run_cli(["version"], {}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.match(r"^postage \d+\.\d+\.\d+", result.stdout.strip()), result.stdout


def test_config_redacts_secrets(tmp_path):
    password = "s3cr3t-" + uid()
    token = "account-secret-" + uid()
    result = run_cli(["config"], {
        "DATABASE_URL": f"postgres://alice:{password}@127.0.0.1:5999/maildb",
        "POSTAGE_ACCOUNT_TOKEN": token,
        "POSTAGE_HTTP_ADDRESS": "127.0.0.1:0",
        "POSTAGE_DATA_DIR": str(tmp_path / "data"),
    }, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert password not in output, "the database password is printed"
    assert token not in output, "the account token is printed"
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert "alice" in lines["DATABASE_URL"] and "127.0.0.1:5999/maildb" in lines["DATABASE_URL"], lines
    assert lines["POSTAGE_HTTP_ADDRESS"] == "127.0.0.1:0", lines
    assert "POSTAGE_ACCOUNT_TOKEN" in lines
    assert lines["POSTAGE_DATA_DIR"] == str(tmp_path / "data")


def test_flags_override_environment(tmp_path):
    result = run_cli(["config", "--http-address", "127.0.0.1:4321", "--database-url", f"sqlite:{tmp_path}/x.sqlite"],
                     {"POSTAGE_HTTP_ADDRESS": "127.0.0.1:0", "DATABASE_URL": f"sqlite:{tmp_path}/env.sqlite"},
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert lines["POSTAGE_HTTP_ADDRESS"] == "127.0.0.1:4321"
    assert lines["DATABASE_URL"] == f"sqlite:{tmp_path}/x.sqlite"


def test_invalid_configuration_lists_every_problem_and_exits_78(tmp_path):
    env = {"POSTAGE_HTTP_ADDRESS": "not-an-address", "DATABASE_URL": "mysql://root@127.0.0.1/db",
           "POSTAGE_DATA_DIR": str(tmp_path / "data")}
    for command in (["serve"], ["config"], ["migrate"]):
        result = run_cli(command, env, cwd=tmp_path)
        assert result.returncode == 78, (command, result.returncode, result.stderr)
        assert "POSTAGE_HTTP_ADDRESS" in result.stderr, result.stderr
        assert "DATABASE_URL" in result.stderr, result.stderr
        assert "listening" not in result.stdout


def test_invalid_configuration_binds_nothing(tmp_path):
    port = free_port()
    env = {"POSTAGE_HTTP_ADDRESS": f"127.0.0.1:{port}", "DATABASE_URL": "bogus://nothing",
           "POSTAGE_LOG_LEVEL": "extremely-loud", "POSTAGE_DATA_DIR": str(tmp_path / "data")}
    env_full = {k: v for k, v in os.environ.items() if not k.startswith("POSTAGE_") and k != "DATABASE_URL"}
    env_full.update(env)
    proc = subprocess.Popen([str(postage_binary()), "serve"], env=env_full, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=tmp_path, text=True)
    connected = False
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(0.2)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                connected = True
        time.sleep(0.005)
    if proc.poll() is None:
        proc.kill()
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 78, (proc.returncode, err)
    assert not connected, "the port was bound although the configuration is invalid"
    assert "DATABASE_URL" in err and "POSTAGE_LOG_LEVEL" in err, err
    assert "listening" not in out


def test_out_of_range_port_is_78(tmp_path):
    result = run_cli(["serve"], {"POSTAGE_HTTP_ADDRESS": "127.0.0.1:70000", "DATABASE_URL": f"sqlite:{tmp_path}/a.sqlite"},
                     cwd=tmp_path)
    assert result.returncode == 78, result.stderr
    assert "POSTAGE_HTTP_ADDRESS" in result.stderr


def test_health(postage):
    r = postage.api().request("GET", "/health")
    assert r.status_code == 200, r.text


def test_metrics_move_and_logs_record_each_message(servers):
    server = servers.server()
    api = server.api()
    token = server.server_token
    before = api.metrics()
    accepted0 = metric_sum(before, "postage_messages_accepted_total")
    rejected300_0 = metric_sum(before, "postage_requests_rejected_total", {"error_code": "300"})
    rejected10_0 = metric_sum(before, "postage_requests_rejected_total", {"error_code": "10"})
    duration0 = metric_sum(before, "postage_accept_duration_seconds_count")

    u = uid()
    for i in range(3):
        r = api.send(token, {"From": f"m-{u}@example.test", "To": f"m{i}-{u}@example.test", "TextBody": "x"})
        assert r.status_code == 200, r.text
    r = api.batch(token, [{"From": f"m-{u}@example.test", "To": f"b{i}-{u}@example.test", "TextBody": "x"}
                          for i in range(2)] + [{"From": f"m-{u}@example.test", "To": "broken", "TextBody": "x"}])
    assert [item["ErrorCode"] for item in r.json()] == [0, 0, 300]
    for _ in range(2):
        assert_error(api.send(token, {"From": "bad", "To": "x@example.test", "TextBody": "x"}), 422, 300)
    assert_error(api.send("wrong-token", {"From": "a@example.test", "To": "x@example.test", "TextBody": "x"}), 401, 10)

    after = api.metrics()
    for name in ("postage_messages_accepted_total", "postage_requests_rejected_total",
                 "postage_accept_duration_seconds"):
        assert name in after, f"{name} missing from /metrics"
    assert re.search(r"(?m)^# TYPE postage_messages_accepted_total counter$", after), after[:2000]
    assert metric_sum(after, "postage_messages_accepted_total") - accepted0 == 5
    assert metric_sum(after, "postage_requests_rejected_total", {"error_code": "300"}) - rejected300_0 == 3
    assert metric_sum(after, "postage_requests_rejected_total", {"error_code": "10"}) - rejected10_0 == 1
    assert metric_sum(after, "postage_accept_duration_seconds_count") - duration0 in (4, 5)
    assert metric_sum(after, "postage_accept_duration_seconds_sum") > 0

    # One logfmt line per accepted message on stderr; no secrets in the log.
    def accepted_lines():
        return [line for line in server.stderr_text().splitlines() if 'msg="message accepted"' in line]
    poll(lambda: len(accepted_lines()) >= 5, timeout=10, message="5 'message accepted' log lines")
    time.sleep(0.2)
    assert len(accepted_lines()) == 5, accepted_lines()
    assert server.stop() == 0
    log = server.stderr_text()
    assert len([line for line in log.splitlines() if 'msg="message accepted"' in line]) == 5
    assert token not in log, "the server token appears in the log"
    assert ACCOUNT_TOKEN not in log, "the account token appears in the log"
    logfmt = re.compile(r'^(?:[A-Za-z0-9_.\-]+=(?:"(?:[^"\\]|\\.)*"|[^\s"]*)\s*)+$')
    for line in log.splitlines():
        if line.strip():
            assert logfmt.match(line), f"not a logfmt line: {line!r}"


def test_restart_keeps_tokens_and_messages(servers):
    server = servers.server()
    api = server.api()
    token = server.server_token
    u = uid()
    r = api.send(token, {"From": f"r-{u}@example.test", "To": f"t-{u}@example.test", "Subject": f"restart {u}",
                         "TextBody": "before restart"})
    message_id = assert_send_ok(r.json())
    assert server.stop() == 0, server.stderr_tail()

    server.start()
    assert not server.printed_tokens, "tokens printed again on restart"
    assert not any("Account token" in line for line in server.stdout_lines), server.stdout_lines
    api = server.api()
    details = api.details(token, message_id)
    assert details.status_code == 200, details.text
    assert details.json()["Subject"] == f"restart {u}"
    r = api.request("GET", "/servers/1", account=ACCOUNT_TOKEN)
    assert r.status_code == 200 and token in r.json()["ApiTokens"]
    r = api.send(token, {"From": f"r-{u}@example.test", "To": f"t-{u}@example.test", "TextBody": "after"})
    assert r.status_code == 200
    assert api.total(token) == 2
