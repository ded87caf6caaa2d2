"""A real SMTP server on loopback (aiosmtpd) that keeps every message it receives."""

from __future__ import annotations

import email
import email.policy
import socket
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Keep:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[Any] = []
        self.refuse: set[str] = set()  #: recipients answered with 550
        self.answers: dict[str, str] = {}  #: recipients answered otherwise ("450 4.2.1 try later")

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address in self.refuse:
            return "550 no such user here"
        if address in self.answers:
            return self.answers[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        return "250 OK"


class SmtpServer:
    """``login=(user, password)`` requires AUTH (allowed without TLS, on loopback only)."""

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.handler = _Keep()
        self.port = free_port()
        self.logins: list[str] = []
        kwargs: dict[str, Any] = {}
        if login is not None:

            def authenticate(
                server: Any, session: Any, envelope: Any, mechanism: str, data: Any
            ) -> AuthResult:
                ok = (data.login.decode(), data.password.decode()) == login
                if ok:
                    self.logins.append(data.login.decode())
                return AuthResult(success=ok, handled=False)

            kwargs = {"authenticator": authenticate, "auth_require_tls": False}
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def close(self) -> None:
        self.controller.stop()


class SlowSmtp:
    """A raw SMTP server on loopback that answers every command ``delay`` seconds late (a relay
    under load), QUIT ``quit_delay`` later still; ``accepted`` counts the messages whose end of
    data it took, with a 250."""

    def __init__(self, delay: float, quit_delay: float = 0.0) -> None:
        import threading

        self.delay = delay
        self.quit_delay = quit_delay  #: more before answering QUIT (a server slow to hang up)
        self.accepted = 0
        self.connections = 0  #: clients that connected (a delivery under way)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = int(self.sock.getsockname()[1])
        self._closed = False
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        import threading

        while not self._closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        import time

        def say(line: str) -> None:
            time.sleep(self.delay)
            conn.sendall(line.encode() + b"\r\n")

        try:
            reader = conn.makefile("rb")
            say("220 slow.example ESMTP")
            in_data = False
            for raw in reader:
                line = raw.decode(errors="replace").rstrip("\r\n")
                if in_data:
                    if line == ".":
                        in_data = False
                        say("250 queued")
                        self.accepted += 1
                    continue
                verb = line.split(" ", 1)[0].upper()
                if verb == "DATA":
                    say("354 go on")
                    in_data = True
                elif verb == "QUIT":
                    time.sleep(self.quit_delay)
                    say("221 bye")
                    return
                else:
                    say("250 ok")
        except OSError:
            return
        finally:
            conn.close()

    def close(self) -> None:
        self._closed = True
        self.sock.close()
