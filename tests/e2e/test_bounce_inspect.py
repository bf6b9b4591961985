"""`postage bounce inspect FILE`: the classification of one raw bounce, as JSON, with no server running,
on real bounces from the shared corpus."""

import json
import subprocess
from pathlib import Path

from harness import postage_binary

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "bounces"


def inspect(path_or_dash, stdin=None):
    result = subprocess.run([str(postage_binary()), "bounce", "inspect", str(path_or_dash)], input=stdin,
                            capture_output=True, timeout=60)
    return result


def test_a_dsn_is_classified_with_its_recipient_status_and_diagnostic():
    result = inspect(CORPUS / "dsn_01.eml")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["Kind"] == "bounce"
    assert report["Recipient"] == "userx@example.com"
    assert report["Status"] == "5.0.0"
    assert "quota" in report["Diagnostic"]
    assert report["IsComplaint"] is False
    assert report["Type"] == "SoftBounce" and report["TypeCode"] == 4096


def test_standard_input_and_a_missing_file():
    data = (CORPUS / "dsn_01.eml").read_bytes()
    result = inspect("-", stdin=data)
    assert result.returncode == 0 and json.loads(result.stdout)["Recipient"] == "userx@example.com"
    missing = inspect(CORPUS / "no-such-file.eml")
    assert missing.returncode == 66
    assert b"cannot read" in missing.stderr


def test_an_arf_report_is_a_spam_complaint(tmp_path):
    arf = (
        "From: feedback@isp.example\r\nTo: fbl@bounces.postage.test\r\nSubject: complaint\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nThis is an abuse report.\r\n"
        "--b\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nUser-Agent: FBL/1.0\r\n"
        "Version: 1\r\nOriginal-Rcpt-To: <victim@example.org>\r\n\r\n"
        "--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: sender@postage.test\r\nTo: victim@example.org\r\n"
        "X-PM-Message-Id: 0f1e2d3c-0000-4000-8000-000000000abc\r\nSubject: hi\r\n\r\nhello\r\n--b--\r\n")
    path = tmp_path / "arf.eml"
    path.write_text(arf)
    report = json.loads(inspect(path).stdout)
    assert report["Kind"] == "complaint" and report["IsComplaint"] is True
    assert report["Type"] == "SpamComplaint" and report["TypeCode"] == 100001
    assert report["Recipient"] == "victim@example.org"
    assert report["OriginalMessageID"] == "0f1e2d3c-0000-4000-8000-000000000abc"
    assert report["FeedbackType"] == "abuse"
