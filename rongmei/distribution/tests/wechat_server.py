"""A local stand-in for the WeChat official account API, for tests only.

A threaded HTTP server on 127.0.0.1 (a random port) answering the documented endpoints the
connector uses, with in-memory state and knobs to misbehave:

- `fail(path, errcode, times=1)`: the next calls of `path` answer that errcode;
- `hang(path, seconds, after_effect=True)`: answer `path` only after a delay (or when
  `release()` is called); with `after_effect` the call takes effect first, as when the
  platform publishes but its answer is lost;
- `minute_quota`: calls allowed per path in a minute before errcode 45011;
- `expire_tokens()` (42001) and `revoke_tokens()` (40001) for issued tokens;
- `status_sequence`: the publish_status values freepublish/get returns for each publish in
  turn (the last repeats), e.g. [1, 1, 0];
- `article_stats`: what /datacube/getarticletotal reports, keyed by msgid.

It counts what matters: `calls[path]`, drafts and publishes per idempotency marker.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MARKER = re.compile(r"<!--\s*rongmei:(\S+?)\s*-->")


@dataclass
class Publish:
    publish_id: str
    media_id: str
    msg_data_id: str
    articles: list[dict[str, Any]]
    sequence: list[int]
    polls: int = 0
    article_id: str = ""
    deleted: bool = False
    submitted_at: float = field(default_factory=time.time)

    @property
    def status(self) -> int:
        return self.sequence[min(self.polls, len(self.sequence) - 1)]


class WeChatState:
    def __init__(self, appid: str = "wx-test-appid", secret: str = "test-secret"):  # noqa: S107
        self.lock = threading.RLock()
        self.appid = appid
        self.secret = secret
        self.ip_whitelisted = True
        self.tokens: dict[str, str] = {}  # token → "ok" | "expired" | "revoked"
        self.token_ttl = 7200
        self.materials: dict[str, bytes] = {}
        self.drafts: dict[str, list[dict[str, Any]]] = {}
        self.publishes: dict[str, Publish] = {}
        self.calls: Counter[str] = Counter()
        self.status_sequence: list[int] = [0]
        self.minute_quota: int | None = None
        self.article_stats: dict[str, dict[str, Any]] = {}
        self._failures: dict[str, list[int]] = defaultdict(list)
        self._hangs: dict[str, tuple[float, bool]] = {}
        self._release = threading.Event()
        self._minute: dict[str, list[float]] = defaultdict(list)
        self._ids = itertools.count(1000)
        self.hanging = threading.Event()  # set while a call is held by `hang`

    # ---- knobs ------------------------------------------------------------------------

    def fail(self, path: str, errcode: int, times: int = 1) -> None:
        with self.lock:
            self._failures[path].extend([errcode] * times)

    def hang(self, path: str, seconds: float = 60.0, *, after_effect: bool = True) -> None:
        with self.lock:
            self._release.clear()
            self._hangs[path] = (seconds, after_effect)

    def release(self) -> None:
        with self.lock:
            self._hangs.clear()
            self._release.set()

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, "expired")

    def revoke_tokens(self) -> None:
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, "revoked")

    # ---- what happened ----------------------------------------------------------------

    def drafts_with(self, key: str) -> int:
        with self.lock:
            return sum(1 for arts in self.drafts.values() for a in arts if _marker(a) == key) + sum(
                1 for p in self.publishes.values() for a in p.articles if _marker(a) == key
            )

    def publishes_with(self, key: str) -> int:
        with self.lock:
            return sum(1 for p in self.publishes.values() for a in p.articles if _marker(a) == key)

    def published(self) -> list[Publish]:
        """Successful publishes, newest first, as freepublish/batchget lists them."""
        with self.lock:
            done = [p for p in self.publishes.values() if p.status == 0 and not p.deleted]
            return sorted(done, key=lambda p: p.submitted_at, reverse=True)

    # ---- the protocol -----------------------------------------------------------------

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"

    def _issue_token(self) -> dict[str, Any]:
        token = self._next_id("TOKEN-")
        self.tokens[token] = "ok"
        return {"access_token": token, "expires_in": self.token_ttl}

    def _token_request(self, appid: str, secret: str) -> dict[str, Any]:
        if not self.ip_whitelisted:
            return _err(40164, "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist")
        if appid != self.appid:
            return _err(40013, "invalid appid")
        if secret != self.secret:
            return _err(40125, "invalid appsecret")
        return self._issue_token()

    def _token_state(self, token: str) -> dict[str, Any] | None:
        state = self.tokens.get(token)
        if state == "ok":
            return None
        if state == "expired":
            return _err(42001, "access_token expired")
        return _err(40001, "invalid credential, access_token is invalid or not latest")

    def handle(
        self, method: str, path: str, query: dict[str, str], body: Any
    ) -> tuple[dict[str, Any], bool]:
        """(answer, whether the call took effect); runs under the lock."""
        self.calls[path] += 1
        if self._failures.get(path):
            return _err(self._failures[path].pop(0), "injected"), False
        if self.minute_quota is not None:
            now = time.monotonic()
            recent = [t for t in self._minute[path] if now - t < 60]
            if len(recent) >= self.minute_quota:
                self._minute[path] = recent
                return _err(
                    45011, "api minute-quota reach limit  mustslower  retry next minute"
                ), False
            self._minute[path] = [*recent, now]
        if path == "/cgi-bin/token" and method == "GET":
            if query.get("grant_type") != "client_credential":
                return _err(40002, "invalid grant_type"), False
            return self._token_request(query.get("appid", ""), query.get("secret", "")), True
        if path == "/cgi-bin/stable_token" and method == "POST":
            body = body or {}
            if body.get("grant_type") != "client_credential":
                return _err(40002, "invalid grant_type"), False
            return self._token_request(body.get("appid", ""), body.get("secret", "")), True
        if method != "POST":
            return _err(43002, "require POST method"), False
        token = query.get("access_token")
        if not token:
            return _err(41001, "access_token missing"), False
        refused = self._token_state(token)
        if refused:
            return refused, False
        handler = ROUTES.get(path)
        if handler is None:
            return _err(40066, "invalid url"), False
        return handler(self, query, body), True

    def add_material(self, query, body) -> dict[str, Any]:
        if query.get("type") != "image":
            return _err(40004, "invalid media type")
        if not isinstance(body, bytes) or not body:
            return _err(41005, "media data missing")
        media_id = self._next_id("IMG_")
        self.materials[media_id] = body
        return {"media_id": media_id, "url": f"http://mmbiz.example/{media_id}.png"}

    def draft_add(self, query, body) -> dict[str, Any]:
        articles = (body or {}).get("articles") or []
        if not articles:
            return _err(44002, "empty post data")
        for article in articles:
            if not article.get("title") or not article.get("content"):
                return _err(40006, "invalid article")
            if article.get("thumb_media_id") not in self.materials:
                return _err(40007, "invalid media_id")
        media_id = self._next_id("DRAFT_")
        self.drafts[media_id] = articles
        return {"media_id": media_id}

    def freepublish_submit(self, query, body) -> dict[str, Any]:
        media_id = (body or {}).get("media_id")
        articles = self.drafts.pop(media_id, None)
        if articles is None:
            return _err(40007, "invalid media_id")
        publish_id = self._next_id("2247")
        publish = Publish(
            publish_id=publish_id,
            media_id=media_id,
            msg_data_id=self._next_id("26"),
            articles=articles,
            sequence=list(self.status_sequence) or [0],
            article_id=self._next_id("ART_"),
        )
        self.publishes[publish_id] = publish
        return {
            "errcode": 0,
            "errmsg": "ok",
            "publish_id": publish_id,
            "msg_data_id": publish.msg_data_id,
        }

    def freepublish_get(self, query, body) -> dict[str, Any]:
        publish = self.publishes.get(str((body or {}).get("publish_id")))
        if publish is None:
            return _err(40007, "invalid publish_id")
        status = publish.status
        publish.polls += 1
        answer: dict[str, Any] = {"publish_id": publish.publish_id, "publish_status": status}
        if status == 0:
            answer["article_id"] = publish.article_id
            answer["article_detail"] = {
                "count": len(publish.articles),
                "item": [
                    {"idx": i, "article_url": _url(publish, i)}
                    for i in range(1, len(publish.articles) + 1)
                ],
            }
            answer["fail_idx"] = []
        else:
            answer["fail_idx"] = [1] if status in (2, 4) else []
        return answer

    def freepublish_batchget(self, query, body) -> dict[str, Any]:
        body = body or {}
        count = int(body.get("count", 0))
        if not 1 <= count <= 20:
            return _err(40007, "invalid count")
        offset = int(body.get("offset", 0))
        done = self.published()
        page = done[offset : offset + count]
        no_content = int(body.get("no_content", 0)) == 1
        return {
            "total_count": len(done),
            "item_count": len(page),
            "item": [
                {
                    "article_id": p.article_id,
                    "update_time": int(p.submitted_at),
                    "content": {
                        "news_item": [
                            {
                                **{
                                    k: v
                                    for k, v in a.items()
                                    if not (no_content and k == "content")
                                },
                                "url": _url(p, i),
                                "is_deleted": False,
                            }
                            for i, a in enumerate(p.articles, start=1)
                        ]
                    },
                }
                for p in page
            ],
        }

    def freepublish_delete(self, query, body) -> dict[str, Any]:
        article_id = (body or {}).get("article_id")
        for publish in self.publishes.values():
            if publish.article_id == article_id and publish.status == 0 and not publish.deleted:
                publish.deleted = True
                return {"errcode": 0, "errmsg": "ok"}
        return _err(53600, "Article ID 无效")

    def getarticletotal(self, query, body) -> dict[str, Any]:
        body = body or {}
        begin, end = body.get("begin_date"), body.get("end_date")
        if not begin or begin != end:
            return _err(61501, "date range error")
        return {
            "list": [
                {"msgid": msgid, **stats}
                for msgid, stats in self.article_stats.items()
                if stats.get("ref_date") == begin
            ]
        }


ROUTES = {
    "/cgi-bin/material/add_material": WeChatState.add_material,
    "/cgi-bin/draft/add": WeChatState.draft_add,
    "/cgi-bin/freepublish/submit": WeChatState.freepublish_submit,
    "/cgi-bin/freepublish/get": WeChatState.freepublish_get,
    "/cgi-bin/freepublish/batchget": WeChatState.freepublish_batchget,
    "/cgi-bin/freepublish/delete": WeChatState.freepublish_delete,
    "/datacube/getarticletotal": WeChatState.getarticletotal,
}


def _err(code: int, msg: str) -> dict[str, Any]:
    return {"errcode": code, "errmsg": msg}


def _marker(article: dict[str, Any]) -> str | None:
    found = MARKER.search(article.get("content") or "")
    return found.group(1) if found else None


def _url(publish: Publish, idx: int) -> str:
    return f"https://mp.weixin.qq.example/s/{publish.article_id}?idx={idx}"


def _multipart_media(content_type: str, raw: bytes) -> bytes | None:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "media":
            return part.get_payload(decode=True)
    return None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def _serve(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        ctype = self.headers.get("Content-Type", "")
        body: Any = None
        if ctype.startswith("multipart/form-data"):
            body = _multipart_media(ctype, raw)
        elif raw:
            try:
                body = json.loads(raw)
            except ValueError:
                self._answer(_err(47001, "data format error"))
                return
        path = parts.path
        with state.lock:
            hang = state._hangs.get(path)
            answer = None
            if hang is None or hang[1]:
                answer, _took = state.handle(method, path, query, body)
        if hang is not None:
            state.hanging.set()
            state._release.wait(hang[0])
            state.hanging.clear()
            if not hang[1]:
                with state.lock:
                    answer, _took = state.handle(method, path, query, body)
        with contextlib.suppress(OSError):  # the client may have given up waiting
            self._answer(answer)

    def _answer(self, answer: dict[str, Any]) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; encoding=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: WeChatState):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class WeChatServer:
    """Start with `start()`, point a channel's `api_base` at `url`, stop with `stop()`."""

    def __init__(self, state: WeChatState | None = None):
        self.state = state or WeChatState()
        self._server = _Server(self.state)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> WeChatServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.state.release()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
