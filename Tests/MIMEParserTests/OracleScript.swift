/// The Python side of the oracle tests: describes each message file the way Python's
/// standard `email` package (policy=default) parses it, one JSON document per line, in the
/// shape of ``OracleMessage``. Standard library only. A leading mbox `From ` line is left
/// in place: Python's parser treats it as the envelope, as MIMEParser does.
enum OracleScript {
    static let source = #"""
import email, email.policy, hashlib, json, sys
from datetime import timezone

STRUCTURAL = {"StartBoundaryNotFoundDefect", "CloseBoundaryNotFoundDefect", "NoBoundaryInMultipartDefect",
              "MissingHeaderBodySeparatorDefect", "FirstHeaderLineIsContinuationDefect",
              "MisplacedEnvelopeHeaderDefect"}

def sha(data):
    return hashlib.sha256(data).hexdigest()

def text_of(part):
    try:
        return part.get_content(), None
    except Exception as exc:
        return None, type(exc).__name__

def node(part):
    ctype = part.get_content_type()
    payload = part.get_payload()
    info = {
        "type": ctype,
        "filename": part.get_filename() or None,
        "disposition": part.get_content_disposition(),
        "defects": sorted(type(d).__name__ for d in part.defects if type(d).__name__ in STRUCTURAL),
    }
    if part.get_content_maintype() == "multipart" and isinstance(payload, list):
        info["boundary"] = part.get_boundary()
        info["children"] = [node(p) for p in payload]
    elif ctype == "message/delivery-status" and isinstance(payload, list):
        info["blocks"] = [list(block.keys()) for block in payload]
    elif part.get_content_maintype() == "message" and isinstance(payload, list):
        if ctype in ("message/rfc822", "message/global"):
            info["message"] = [node(payload[0])]
        else:
            info["fields"] = list(payload[0].keys()) if payload else []
    else:
        data = part.get_payload(decode=True) or b""
        info["size"] = len(data)
        info["sha256"] = sha(data)
        if part.get_content_maintype() == "text":
            text, error = text_of(part)
            if text is not None:
                info["textSha256"] = sha(text.encode("utf-8", "surrogateescape"))
    return info

def addresses(msg, name):
    values = msg.get_all(name)
    if not values:
        return None
    out = []
    for value in values:
        try:
            out += [[a.display_name, a.addr_spec] for a in value.addresses]
        except Exception:
            pass
    return out

def attachments(msg, bodies):
    out = []
    def walk(part):
        if part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), list):
            for child in part.get_payload():
                walk(child)
            return
        if any(part is b for b in bodies):
            return
        cid = part.get("content-id")
        cid = str(cid).strip().strip("<>").strip() if cid is not None else None
        entry = {"name": part.get_filename() or None, "contentType": part.get_content_type(),
                 "contentID": cid or None, "disposition": part.get_content_disposition()}
        if not isinstance(part.get_payload(), list):
            data = part.get_payload(decode=True) or b""
            entry["sha256"] = sha(data)
            entry["size"] = len(data)
        out.append(entry)
    walk(msg)
    return out

for path in sys.argv[1:]:
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        subject = msg.get("subject")
        date = None
        try:
            header = msg.get("date")
            if header is not None and header.datetime is not None:
                dt = header.datetime
                if dt.tzinfo is None:
                    dt = dt.replace(tzinfo=timezone.utc)
                date = dt.timestamp()
        except Exception:
            date = None
        plain = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        doc = {
            "file": path,
            "subject": None if subject is None else str(subject),
            "from": addresses(msg, "from"), "to": addresses(msg, "to"), "cc": addresses(msg, "cc"),
            "date": date,
            "tree": node(msg),
            "text": text_of(plain)[0] if plain is not None else None,
            "textError": text_of(plain)[1] if plain is not None else None,
            "html": text_of(html)[0] if html is not None else None,
            "htmlError": text_of(html)[1] if html is not None else None,
            "attachments": attachments(msg, [b for b in (plain, html) if b is not None]),
        }
    except Exception as exc:
        doc = {"file": path, "crash": repr(exc)}
    print(json.dumps(doc, ensure_ascii=True))
"""#
}
