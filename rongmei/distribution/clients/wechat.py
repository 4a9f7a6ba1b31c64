"""The WeChat official account (微信公众号) connector: draft, free publish, withdraw, figures.

What it does, in the documented API of developers.weixin.qq.com (no SDK; `requests`):

- Token: `POST /cgi-bin/stable_token` {grant_type, appid, secret} → {access_token,
  expires_in}. The stable token is chosen over `GET /cgi-bin/token` because it does not
  invalidate the token other tools of the same account hold. It is cached through
  `credentials.token_set` until shortly before it expires; on 40001/40014/42001 (invalid or
  expired token) it is fetched again once, then the call fails with `CredentialsError`.
- Publish: the cover goes up as a permanent image (`POST /cgi-bin/material/add_material
  ?type=image`, multipart field `media` → {media_id, url}); a version with no image gets a
  plain placeholder PNG drawn with Pillow. Then `POST /cgi-bin/draft/add` {articles:[…]} →
  {media_id}, `POST /cgi-bin/freepublish/submit` {media_id} → {publish_id, msg_data_id},
  and `POST /cgi-bin/freepublish/get` {publish_id} polled a bounded number of times:
  publish_status 0 success (article_id, article_detail.item[].article_url), 1 publishing,
  2 original-declaration failure, 3 ordinary failure, 4 refused by platform review,
  5 deleted by the author after success, 6 banned after success (fail_idx lists the failed
  articles). 2–6 are final failures.
- Idempotency marker: the job's `idempotency_key` is embedded at the end of the article's
  HTML as a comment, `<!-- rongmei:KEY -->`. After an unknown outcome `lookup` pages through
  `POST /cgi-bin/freepublish/batchget` {offset, count ≤ 20, no_content: 0} (newest first)
  and looks for that marker in `item[].content.news_item[].content`. The docs say only that
  the platform removes scripts from the content; should it one day strip comments too, an
  article with the same title but no marker makes `lookup` refuse to guess (`UnknownOutcome`,
  for a person to check) rather than publish twice. batchget lists only finished,
  successful publications, so when freepublish/submit did answer, every later error of
  that attempt (polling timeout, busy, quota, still publishing) is an `UnknownOutcome`
  whose code is "publish_id:…"; `lookup` finds it in the job's attempts and asks
  freepublish/get about that publish first (1 → still unknown, 0 → found, 2–4 → nothing
  went out). Only a timeout of submit itself leaves the marker search alone to decide;
  an article still under review then is not listed yet, which the job service's retry
  delay (a minute at least) covers in practice.
- Withdraw: `POST /cgi-bin/freepublish/delete` {article_id, index: 1}; our messages always
  hold one article, so index 1 is all of it.
- Figures: `POST /datacube/getarticletotal` {begin_date, end_date} with a span of one day
  (the publication day, at most yesterday) returns, per article sent that day, cumulative
  figures for each day since (`details[].stat_date`, `int_page_read_count`,
  `share_count`); the article is found by `msgid` = "{msg_data_id}_{index}" (msg_data_id
  comes back from freepublish/submit), else by title. The docs now mark this endpoint as no
  longer maintained in favour of getarticleread/getarticleshare; its documented shape is
  what is followed here. The platform reports about a week of days after publication.
  One day's answer covers every article of that day, so within one pull it is asked once
  (kept in the pull's `answers`).
- Errors come back as HTTP 200 with {errcode, errmsg}: 40125/40013/40164 (wrong secret,
  wrong AppID, server IP not whitelisted) → `CredentialsError`; 45009 (daily quota) and
  45011 (minute quota) → `RateLimited`; -1 (system busy) → retryable `ConnectorError`;
  anything else → a final `ConnectorError` with the platform's errmsg.
- Timeouts: a connection never made is retryable; a read timeout (or dropped connection)
  after sending freepublish/submit or freepublish/delete, or while polling a submitted
  publish, is an `UnknownOutcome` — the job asks `lookup` before trying again. Timeouts of
  calls without a visible effect (token, upload, draft) are plainly retryable: a second
  draft costs nothing and is never published by itself.

Not done here: images inside the body are not uploaded (`media/uploadimg`), they are
dropped, because the platform filters outside image links anyway.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from typing import TYPE_CHECKING, Any

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from . import (
    Connector,
    ConnectorError,
    CredentialsError,
    DayFigures,
    PublishResult,
    RateLimited,
    UnknownOutcome,
    outbound,
    register,
)

if TYPE_CHECKING:
    from ..models import Publication, PublishJob

DEFAULT_API_BASE = "https://api.weixin.qq.com"
MARKER_RE = r"<!--\s*rongmei:{key}\s*-->"

TOKEN_ERRORS = {40001, 40014, 42001}
CREDENTIAL_ERRORS = {40013, 40125, 40164, 41002, 41004}
BUSY = -1
# The code of an `UnknownOutcome` raised after freepublish/submit answered: "publish_id:…".
PUBLISH_ID_CODE = "publish_id:"


def marker(key: str) -> str:
    """The HTML comment that ties a published article to its job."""
    return f"<!-- rongmei:{key} -->"


def _status_message(status: int) -> str:
    return {
        2: _("原创声明校验未通过，文章未发出。"),
        3: _("微信发布失败（常规失败），请在公众平台查看原因后重新发布。"),
        4: _("未通过微信平台审核，文章未发出。"),
        5: _("文章发出后已被删除。"),
        6: _("文章发出后被微信平台封禁。"),
    }.get(status, _("微信返回了未知的发布状态 %(status)s。") % {"status": status})


def _credential_message(code: int, errmsg: str) -> str:
    if code == 40125:
        return _("公众号 AppSecret 不正确，请在渠道设置中重新填写。")
    if code in (40013, 41002):
        return _("公众号 AppID 不正确，请在渠道设置中核对。")
    if code == 40164:
        return _(
            "本服务器的 IP 不在公众号的 IP 白名单中，请在公众平台“设置与开发—基本配置”中添加：%(msg)s"
        ) % {"msg": errmsg}
    return _("公众号接口凭证无效（%(code)s：%(msg)s），请核对 AppID 与 AppSecret。") % {
        "code": code,
        "msg": errmsg,
    }


def placeholder_png() -> bytes:
    """A plain cover for a version without any image: 900×383 (2.35:1), light blue."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (900, 383), (222, 235, 247))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 343, 900, 383), fill=(41, 98, 160))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


@register
class WeChatConnector(Connector):
    platform = "wechat"
    can_withdraw = True
    # The documented API hosts: general, disaster-recovery, Shanghai, Shenzhen, Hong Kong.
    allowed_hosts = (
        "api.weixin.qq.com",
        "api2.weixin.qq.com",
        "sh.api.weixin.qq.com",
        "sz.api.weixin.qq.com",
        "hk.api.weixin.qq.com",
    )

    # (connect, read) seconds; tests shorten them.
    timeout: tuple[float, float] = (5.0, 30.0)
    # freepublish/get polling after submit: how often and how long to wait between polls.
    poll_attempts: int = 10
    poll_interval: float = 3.0
    # freepublish/batchget pages (20 articles each) searched by `lookup`.
    lookup_pages: int = 5

    def __init__(self, channel):
        super().__init__(channel)
        self.timeout = getattr(settings, "RONGMEI_WECHAT_TIMEOUT", type(self).timeout)
        self.poll_attempts = getattr(
            settings, "RONGMEI_WECHAT_POLL_ATTEMPTS", type(self).poll_attempts
        )
        self.poll_interval = getattr(
            settings, "RONGMEI_WECHAT_POLL_INTERVAL", type(self).poll_interval
        )
        # Only to `allowed_hosts`, never an internal address, redirects checked too.
        self.session = outbound.session(self)

    # ---- plumbing -------------------------------------------------------------------

    @property
    def base(self) -> str:
        return (self.channel.api_base or DEFAULT_API_BASE).rstrip("/")

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        effect: bool = False,
    ) -> dict[str, Any]:
        """One HTTP call; returns the decoded JSON body, errcode not yet looked at.

        `effect=True` marks a call whose effect is visible (publish, delete): a timeout
        after sending it is an unknown outcome rather than a plain failure.
        """
        url = self.base + path
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                json=json,
                files=files,
                timeout=self.timeout,
            )
        except requests.exceptions.ConnectTimeout as exc:
            raise ConnectorError(
                _("连接微信接口超时，稍后将自动重试。"), code="connect_timeout"
            ) from exc
        except requests.exceptions.Timeout as exc:
            if effect:
                raise UnknownOutcome(
                    _("已向微信发出请求，但等待答复超时，需先查询是否已发布。"), code="timeout"
                ) from exc
            raise ConnectorError(_("微信接口答复超时，稍后将自动重试。"), code="timeout") from exc
        except requests.exceptions.ConnectionError as exc:
            if effect and not _never_connected(exc):
                raise UnknownOutcome(
                    _("与微信的连接在答复前中断，需先查询是否已发布。"), code="disconnected"
                ) from exc
            raise ConnectorError(
                _("无法连接微信接口，稍后将自动重试。"), code="connection"
            ) from exc
        if response.status_code >= 500:
            if effect:
                raise UnknownOutcome(
                    _("微信接口出错（HTTP %(status)s），需先查询是否已发布。")
                    % {"status": response.status_code},
                    code=f"http_{response.status_code}",
                )
            raise ConnectorError(
                _("微信接口出错（HTTP %(status)s），稍后将自动重试。")
                % {"status": response.status_code},
                code=f"http_{response.status_code}",
            )
        if response.status_code >= 400:
            raise ConnectorError(
                _("微信接口拒绝了请求（HTTP %(status)s）。") % {"status": response.status_code},
                code=f"http_{response.status_code}",
                retryable=False,
            )
        try:
            data = response.json()
        except ValueError as exc:
            raise ConnectorError(_("微信接口返回了无法识别的内容。"), code="bad_json") from exc
        if not isinstance(data, dict):
            raise ConnectorError(_("微信接口返回了无法识别的内容。"), code="bad_json")
        return data

    def _check(self, data: dict[str, Any], *, token_call: bool = False) -> dict[str, Any]:
        """Raise the error an errcode stands for; token errors are left to `_call`."""
        code = int(data.get("errcode") or 0)
        if code == 0:
            return data
        errmsg = str(data.get("errmsg", ""))
        if code in CREDENTIAL_ERRORS or (token_call and code in TOKEN_ERRORS):
            raise CredentialsError(_credential_message(code, errmsg), code=str(code))
        if code == 45009:
            raise RateLimited(_("公众号今日的接口调用次数已用完，将在稍后重试。"), code=str(code))
        if code == 45011:
            raise RateLimited(_("微信接口调用过于频繁，将在一分钟后重试。"), code=str(code))
        if code == BUSY:
            raise ConnectorError(_("微信系统繁忙，稍后将自动重试。"), code=str(code))
        if code == 48001:
            raise ConnectorError(
                _("公众号没有该接口的权限（需为已认证的公众号）。"), code=str(code), retryable=False
            )
        raise ConnectorError(
            _("微信接口返回错误 %(code)s：%(msg)s") % {"code": code, "msg": errmsg},
            code=str(code),
            retryable=False,
        )

    def _fetch_token(self) -> str:
        from .. import credentials

        creds = credentials.credentials_get(self.channel) or {}
        appid = (creds.get("appid") or self.channel.account_id or "").strip()
        secret = (creds.get("secret") or "").strip()
        if not appid or not secret:
            raise CredentialsError(
                _("渠道“%(name)s”还没有填写公众号 AppID 和 AppSecret。")
                % {"name": self.channel.name},
                code="missing",
            )
        data = self._send(
            "POST",
            "/cgi-bin/stable_token",
            json={"grant_type": "client_credential", "appid": appid, "secret": secret},
        )
        self._check(data, token_call=True)
        token = data.get("access_token")
        if not token:
            raise ConnectorError(_("微信没有返回接口凭证。"), code="no_token")
        expires_in = int(data.get("expires_in") or 7200)
        # Ask again five minutes before the platform's end, never sooner than in a minute.
        expires_at = timezone.now() + dt.timedelta(seconds=max(120, expires_in - 300))
        credentials.token_set(self.channel, token, expires_at)
        return token

    def _token(self, *, fresh: bool = False) -> str:
        from .. import credentials

        if not fresh:
            token = credentials.token_get(self.channel)
            if token:
                return token
        return self._fetch_token()

    def _call(
        self,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        effect: bool = False,
    ) -> dict[str, Any]:
        """A POST with the access token; an invalid or expired token is replaced once."""
        for fresh in (False, True):
            query = {**(params or {}), "access_token": self._token(fresh=fresh)}
            data = self._send("POST", path, params=query, json=json, files=files, effect=effect)
            code = int(data.get("errcode") or 0)
            if code in TOKEN_ERRORS:
                if not fresh:
                    continue
                raise CredentialsError(
                    _("微信一再拒绝新取得的接口凭证（%(code)s），请核对 AppID 与 AppSecret。")
                    % {"code": code},
                    code=str(code),
                )
            return self._check(data)
        raise AssertionError("unreachable")  # pragma: no cover

    # ---- content --------------------------------------------------------------------

    def _cover(self, job: PublishJob) -> tuple[str, bytes, str]:
        """(file name, bytes, content type) of the version's first image, or a placeholder."""
        image = _first_image(job.version.body or "")
        if image is not None:
            try:
                with image.file.open("rb") as fh:
                    content = fh.read()
                name = image.file.name.rsplit("/", 1)[-1] or "cover.jpg"
                return name, content, _content_type(name)
            except (OSError, ValueError):
                pass
        return "cover.png", placeholder_png(), "image/png"

    def _article(self, job: PublishJob, thumb_media_id: str) -> dict[str, Any]:
        version = job.version
        story = version.story
        body = _wechat_html(version.body or "")
        authors = "、".join(
            (a.user.get_full_name() or a.user.get_username()) for a in story.authors.all()
        )
        digest = (story.summary or strip_tags(body)).strip()
        return {
            "title": version.title[:64],
            "author": authors[:16],
            "digest": digest[:120],
            "content": f"{body}\n{marker(job.idempotency_key)}",
            "content_source_url": "",
            "thumb_media_id": thumb_media_id,
            "need_open_comment": 0,
            "only_fans_can_comment": 0,
        }

    # ---- the connector interface ------------------------------------------------------

    def publish(self, *, job: PublishJob) -> PublishResult:
        name, content, ctype = self._cover(job)
        cover = self._call(
            "/cgi-bin/material/add_material",
            params={"type": "image"},
            files={"media": (name, content, ctype)},
        )
        thumb_media_id = cover.get("media_id", "")
        draft = self._call(
            "/cgi-bin/draft/add", json={"articles": [self._article(job, thumb_media_id)]}
        )
        media_id = draft.get("media_id", "")
        submitted = self._call(
            "/cgi-bin/freepublish/submit", json={"media_id": media_id}, effect=True
        )
        publish_id = str(submitted.get("publish_id", ""))
        data = {
            "thumb_media_id": thumb_media_id,
            "media_id": media_id,
            "publish_id": publish_id,
            "msg_data_id": str(submitted.get("msg_data_id", "")),
        }
        return self._wait(publish_id, data)

    def _status(self, publish_id: str) -> tuple[int, dict[str, Any]]:
        answer = self._call(
            "/cgi-bin/freepublish/get", json={"publish_id": publish_id}, effect=True
        )
        return int(answer.get("publish_status", 1)), answer

    @staticmethod
    def _published(answer: dict[str, Any], data: dict[str, Any]) -> PublishResult:
        items = (answer.get("article_detail") or {}).get("item") or []
        url = items[0].get("article_url", "") if items else ""
        article_id = str(answer.get("article_id", ""))
        return PublishResult(
            external_id=article_id, url=url, data={**data, "article_id": article_id}
        )

    def _wait(self, publish_id: str, data: dict[str, Any]) -> PublishResult:
        """Poll freepublish/get until the publish is final or the attempts run out.

        The submit went through: any error now (busy, quota, timeout, token) leaves the
        outcome unknown, never a plain failure that would send the article again. The
        error's code carries the publish_id, which `lookup` asks about next time.
        """
        code = f"{PUBLISH_ID_CODE}{publish_id}"
        for attempt in range(max(1, self.poll_attempts)):
            if attempt:
                time.sleep(self.poll_interval)
            try:
                state, answer = self._status(publish_id)
            except ConnectorError as exc:
                raise UnknownOutcome(
                    _("已提交微信发布（publish_id %(id)s），但查询结果时出错：%(error)s")
                    % {"id": publish_id, "error": exc.message},
                    code=code,
                    retryable=exc.retryable,
                ) from exc
            if state == 0:
                return self._published(answer, data)
            if state != 1:
                raise ConnectorError(
                    _status_message(state), code=f"publish_status_{state}", retryable=False
                )
        raise UnknownOutcome(
            _("已提交微信发布，但在等待时间内仍在处理中（publish_id %(id)s），稍后查询结果。")
            % {"id": publish_id},
            code=code,
        )

    def _lookup_publish_id(self, job: PublishJob, publish_id: str) -> PublishResult | None:
        state, answer = self._status(publish_id)
        if state == 0:
            return self._published(answer, {"publish_id": publish_id, "found_by": "lookup"})
        if state == 1:
            raise UnknownOutcome(
                _("微信仍在处理这次发布（publish_id %(id)s），稍后再查询。") % {"id": publish_id},
                code=f"{PUBLISH_ID_CODE}{publish_id}",
            )
        if state in (5, 6):  # it went out, then came down: sending again is not ours to do
            raise ConnectorError(
                _status_message(state), code=f"publish_status_{state}", retryable=False
            )
        return None  # 2–4: refused, nothing went out

    def lookup(self, *, job: PublishJob) -> PublishResult | None:
        publish_id = _submitted_publish_id(job)
        if publish_id:
            return self._lookup_publish_id(job, publish_id)
        pattern = re.compile(MARKER_RE.format(key=re.escape(job.idempotency_key)))
        title = job.version.title[:64]
        same_title = False
        offset = 0
        for _page in range(self.lookup_pages):
            page = self._call(
                "/cgi-bin/freepublish/batchget",
                json={"offset": offset, "count": 20, "no_content": 0},
            )
            items = page.get("item") or []
            for item in items:
                news = (item.get("content") or {}).get("news_item") or []
                for idx, article in enumerate(news, start=1):
                    if article.get("is_deleted"):
                        continue
                    if pattern.search(article.get("content") or ""):
                        article_id = str(item.get("article_id", ""))
                        return PublishResult(
                            external_id=article_id,
                            url=article.get("url", ""),
                            data={"article_id": article_id, "index": idx, "found_by": "lookup"},
                        )
                    if article.get("title") == title:
                        same_title = True
            offset += len(items)
            if not items or offset >= int(page.get("total_count") or 0):
                break
        if same_title:
            raise UnknownOutcome(
                _("公众号上有同标题的文章，但无法确认是否为本次发布，请人工核实。"),
                code="ambiguous",
                retryable=False,
            )
        return None

    def withdraw(self, *, job: PublishJob) -> None:
        article_id = _article_id_of(job)
        if not article_id:
            raise ConnectorError(
                _("找不到这篇文章在微信上的编号（article_id），无法撤下。"),
                code="no_article_id",
                retryable=False,
            )
        self._call(
            "/cgi-bin/freepublish/delete", json={"article_id": article_id, "index": 1}, effect=True
        )

    def fetch_figures(
        self,
        *,
        publication: Publication,
        start: dt.date,
        end: dt.date,
        answers: dict[Any, Any] | None = None,
    ) -> list[DayFigures]:
        day = publication.date
        if day >= timezone.localdate():
            return []  # the platform answers for yesterday at the latest
        msg_data_id = ""
        job = publication.jobs.filter(channel=self.channel, action="publish").first()
        if job is not None:
            msg_data_id = str((job.external_data or {}).get("msg_data_id", ""))
        rows = self._articles_of_day(day, answers)
        row = None
        if msg_data_id:
            row = next(
                (r for r in rows if str(r.get("msgid", "")).split("_")[0] == msg_data_id), None
            )
        if row is None:
            row = next((r for r in rows if r.get("title") == publication.title), None)
        if row is None:
            return []
        figures = []
        for detail in row.get("details") or []:
            try:
                date = dt.date.fromisoformat(str(detail.get("stat_date")))
            except ValueError:
                continue
            if start <= date <= end:
                figures.append(
                    DayFigures(
                        date=date,
                        views=_int(detail.get("int_page_read_count")),
                        shares=_int(detail.get("share_count")),
                    )
                )
        return sorted(figures, key=lambda f: f.date)

    def _articles_of_day(self, day: dt.date, answers: dict[Any, Any] | None) -> list[Any]:
        """getarticletotal's articles of `day`, asked once per pull (kept in `answers`)."""
        key = ("/datacube/getarticletotal", self.channel.pk, day)
        if answers is not None and key in answers:
            return answers[key]
        answer = self._call(
            "/datacube/getarticletotal",
            json={"begin_date": day.isoformat(), "end_date": day.isoformat()},
        )
        rows = answer.get("list") or []
        if answers is not None:
            answers[key] = rows
        return rows


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _never_connected(exc: requests.exceptions.ConnectionError) -> bool:
    """True where the connection was refused or never made, so nothing was sent."""
    import urllib3.exceptions

    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(
        reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError
    )


def _submitted_publish_id(job: PublishJob) -> str:
    """The publish_id an earlier attempt of the job got back from freepublish/submit."""
    if job.pk is None:
        return ""
    details = job.attempts_log.order_by("-started_at", "-pk").values_list("detail", flat=True)
    for detail in details[:20]:
        code = str((detail or {}).get("code", ""))
        if code.startswith(PUBLISH_ID_CODE):
            return code[len(PUBLISH_ID_CODE) :]
    return ""


def _article_id_of(job: PublishJob) -> str:
    """The article_id of what the job takes down: its own, else the publish job's."""
    own = (job.external_data or {}).get("article_id") or (
        job.external_id if job.action == "publish" else ""
    )
    if own:
        return str(own)
    from ..models import JobAction, JobState, PublishJob

    published = (
        PublishJob.objects.filter(
            version_id=job.version_id,
            channel_id=job.channel_id,
            action=JobAction.PUBLISH,
            state=JobState.PUBLISHED,
        )
        .exclude(external_id="")
        .first()
    )
    return published.external_id if published else ""


IMAGE_EMBED_RE = re.compile(r'<embed[^>]*embedtype="image"[^>]*>', re.IGNORECASE)
IMAGE_ID_RE = re.compile(r'\bid="(\d+)"')


def _first_image(body: str):
    """The first Wagtail image embedded in a rich-text body, if it still exists."""
    for embed in IMAGE_EMBED_RE.findall(body):
        found = IMAGE_ID_RE.search(embed)
        if not found:
            continue
        from wagtail.images import get_image_model

        image = get_image_model().objects.filter(pk=int(found.group(1))).first()
        if image is not None:
            return image
    return None


def _content_type(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower()
    return {
        "png": "image/png",
        "gif": "image/gif",
        "bmp": "image/bmp",
    }.get(ext, "image/jpeg")


def _wechat_html(body: str) -> str:
    """Rich text as WeChat takes it: links expanded, embedded images left out."""
    from wagtail.rich_text import expand_db_html

    body = IMAGE_EMBED_RE.sub("", body)
    html = expand_db_html(body)
    return re.sub(r"<img\b[^>]*>", "", html, flags=re.IGNORECASE)
