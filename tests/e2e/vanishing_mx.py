"""A small SMTP server for the delivery tests that vanishes in the middle of a transaction.

It speaks just enough SMTP for Postage's client (220 greeting, EHLO with PIPELINING and 8BITMIME,
MAIL, RCPT, DATA -> 354, RSET, NOOP, QUIT). One DATA transaction (`vanish_at`, the first by
default) is cut short, as if the remote process had died:

  fin         reads the first `cut` bytes of the message (never the final CRLF.CRLF), then
              shuts its side down (FIN) and closes without reading the rest
  rst         reads the first `cut` bytes, then closes with SO_LINGER 0: an RST
  after_data  reads the whole message up to CRLF.CRLF, keeps it (a remote that had committed it
              to its queue), then resets the connection without ever replying

Every other transaction is accepted with 250 and stored. Runs on its own thread and event loop,
on one loopback address, so a test can read what it saw (`transactions`, `log`) at any time.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
from dataclasses import dataclass, field

MODES = ("fin", "rst", "after_data")


@dataclass
class Transaction:
    session: int
    mail_from: bytes
    recipients: list[bytes]
    data: bytes  # un-dot-stuffed message bytes as received (partial when the server vanished)
    complete: bool  # the final CRLF.CRLF was read
    answered: bytes | None  # the reply to the end of data, None when the server vanished instead


@dataclass
class VanishingMX:
    host: str
    port: int
    mode: str
    cut: int = 300
    vanish_at: int = 1  # which DATA transaction (1 = the first) is cut short
    hostname: str = "mx.vanish.test"
    sessions: int = 0
    transactions: list[Transaction] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def __post_init__(self):
        assert self.mode in MODES, self.mode
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._thread: threading.Thread | None = None
        self._data_transactions = 0

    # -- what the test reads ---------------------------------------------------------------------

    def accepted(self) -> list[Transaction]:
        """Transactions answered with 250: the copies the sender was told were delivered."""
        with self._lock:
            return [t for t in self.transactions if t.answered and t.answered.startswith(b"250")]

    def complete(self) -> list[Transaction]:
        """Every transaction whose whole message arrived, answered or not."""
        with self._lock:
            return [t for t in self.transactions if t.complete]

    def log_text(self) -> str:
        with self._lock:
            return "\n".join(self.log)

    def _note(self, line: str) -> None:
        with self._lock:
            self.log.append(line)

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> "VanishingMX":
        ready = threading.Event()
        failure: list[BaseException] = []

        def run():
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                listener.bind((self.host, self.port))
                listener.listen(16)
                listener.setblocking(False)
                # The limit bounds readuntil(): whole messages are read with it.
                self._server = loop.run_until_complete(
                    asyncio.start_server(self._session, sock=listener, limit=64 * 1024 * 1024))
            except BaseException as error:  # noqa: BLE001 - reported to the starting thread
                failure.append(error)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, name=f"vanishing-mx-{self.mode}", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        assert self._server is not None, "the vanishing MX did not start"
        return self

    def stop(self) -> None:
        """Stops listening and drops every open connection (Postage may keep one for reuse)."""
        if self._loop is None or self._thread is None:
            return

        async def shutdown():
            self._server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    # -- the protocol ----------------------------------------------------------------------------

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._lock:
            self.sessions += 1
            number = self.sessions
        self._writers.add(writer)
        self._note(f"[{number}] connected from {writer.get_extra_info('peername')}")

        def reply(text: str):
            self._note(f"[{number}] S: {text}")
            writer.write(text.encode("ascii") + b"\r\n")

        mail_from: bytes | None = None
        recipients: list[bytes] = []
        try:
            reply(f"220 {self.hostname} ESMTP vanishing test server")
            await writer.drain()
            while True:
                line = await reader.readline()
                if not line:
                    self._note(f"[{number}] client closed the connection")
                    return
                command = line.rstrip(b"\r\n")
                self._note(f"[{number}] C: {command.decode('ascii', 'replace')}")
                verb = command.split(b" ", 1)[0].upper()
                if verb == b"EHLO":
                    reply(f"250-{self.hostname}")
                    reply("250-PIPELINING")
                    reply("250 8BITMIME")
                elif verb == b"HELO":
                    reply(f"250 {self.hostname}")
                elif verb == b"MAIL":
                    mail_from, recipients = command[len(b"MAIL FROM:"):].strip(), []
                    reply("250 2.1.0 Ok")
                elif verb == b"RCPT":
                    if mail_from is None:
                        reply("503 5.5.1 MAIL first")
                    else:
                        recipients.append(command[len(b"RCPT TO:"):].strip())
                        reply("250 2.1.5 Ok")
                elif verb == b"DATA":
                    if mail_from is None or not recipients:
                        reply("503 5.5.1 no valid recipients")
                    else:
                        reply("354 End data with <CR><LF>.<CR><LF>")
                        await writer.drain()
                        if not await self._data(number, reader, writer, mail_from, recipients):
                            return  # vanished
                        mail_from, recipients = None, []
                elif verb == b"RSET":
                    mail_from, recipients = None, []
                    reply("250 2.0.0 Ok")
                elif verb == b"NOOP":
                    reply("250 2.0.0 Ok")
                elif verb == b"QUIT":
                    reply("221 2.0.0 Bye")
                    await writer.drain()
                    writer.close()
                    return
                else:
                    reply("502 5.5.2 command not recognized")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError) as error:
            self._note(f"[{number}] connection lost: {error!r}")
        finally:
            self._writers.discard(writer)

    async def _data(self, number, reader, writer, mail_from, recipients) -> bool:
        """Reads one message; returns False when the server vanished instead of answering."""
        with self._lock:
            self._data_transactions += 1
            vanish = self._data_transactions == self.vanish_at
        if vanish and self.mode in ("fin", "rst"):
            part = await reader.readexactly(self.cut)
            assert b"\r\n.\r\n" not in part, "the message is shorter than the cut: make it longer"
            self._record(Transaction(number, mail_from, recipients, part, complete=False, answered=None))
            self._vanish(number, writer, rst=self.mode == "rst", what=f"after {len(part)} bytes of the message")
            return False

        raw = await reader.readuntil(b"\r\n.\r\n")
        data = unstuff(raw[:-3])  # keep the message's last CRLF, drop ".CRLF"
        if vanish:  # after_data: the whole message is here, the sender never hears so
            self._record(Transaction(number, mail_from, recipients, data, complete=True, answered=None))
            self._vanish(number, writer, rst=True, what=f"after the whole message ({len(data)} bytes), before the reply")
            return False
        answer = f"250 2.0.0 Ok: queued as VANISH{len(self.transactions) + 1}"
        self._record(Transaction(number, mail_from, recipients, data, complete=True, answered=answer.encode()))
        self._note(f"[{number}] S: {answer}")
        writer.write(answer.encode() + b"\r\n")
        return True

    def _record(self, transaction: Transaction) -> None:
        with self._lock:
            self.transactions.append(transaction)

    def _vanish(self, number, writer, rst: bool, what: str) -> None:
        sock = writer.get_extra_info("socket")
        if rst:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self._note(f"[{number}] vanishing (RST) {what}")
        else:
            sock.shutdown(socket.SHUT_WR)
            self._note(f"[{number}] vanishing (FIN) {what}")
        writer.transport.abort()
        self._writers.discard(writer)


def unstuff(data: bytes) -> bytes:
    """Undoes RFC 5321 4.5.2 dot-stuffing: a line starting with "." had one more added."""
    lines = data.split(b"\r\n")
    return b"\r\n".join(line[1:] if line.startswith(b".") else line for line in lines)
