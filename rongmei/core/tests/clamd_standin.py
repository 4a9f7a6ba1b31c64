"""A stand-in ClamAV daemon on 127.0.0.1 speaking clamd's INSTREAM protocol, for tests:
it finds the EICAR test signature and nothing else."""

from __future__ import annotations

import socketserver
import struct
import threading

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        conn = self.request
        command = b""
        while not command.endswith(b"\0"):
            part = conn.recv(1)
            if not part:
                return
            command += part
        if command != b"zINSTREAM\0":
            conn.sendall(b"UNKNOWN COMMAND\0")
            return
        data = bytearray()
        while True:
            head = self._exactly(4)
            (length,) = struct.unpack(">I", head)
            if length == 0:
                break
            data += self._exactly(length)
        self.server.scanned.append(len(data))
        verdict = b"Eicar-Signature FOUND" if EICAR in data else b"OK"
        conn.sendall(b"stream: " + verdict + b"\0")

    def _exactly(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            part = self.request.recv(n - len(out))
            if not part:
                raise ConnectionError("short read")
            out += part
        return out


class ClamdStandIn(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.scanned: list[int] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
