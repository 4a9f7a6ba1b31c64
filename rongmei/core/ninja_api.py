"""The NinjaAPI of /api/v1/ with what every operation shares (GB/T 22239-2019 8.1.4.4 d),
数据有效性检验): bad input is answered with a 4xx and a Chinese message, never a 500, and the
OpenAPI document lists those answers.

- A request whose path, query or body holds a NUL character is refused (400) before any
  operation runs: PostgreSQL cannot compare text with NUL, so it would be a server error;
  so is a form body that does not parse (Django's answer would be an English HTML page).
- Parameters that do not parse (422), a record not found (404), no session (401), a
  failed CSRF check (403) and a method the path does not take (405) are answered as
  `{"detail": "中文说明"}`; a 422 adds `errors`, one per field.
- Every operation's document names these answers (`ApiErrorOut`, `ApiInvalidOut`).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

REF = "#/components/schemas/"
JSON_TYPES = ("application/json",)
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
NINJA_MESSAGES = {"CSRF check Failed": "csrf", "Unauthorized": "auth"}


class ApiErrorOut(Schema):
    detail: str


class ApiFieldErrorOut(Schema):
    loc: list[str | int]
    field: str
    msg: str


class ApiInvalidOut(Schema):
    detail: str
    errors: list[ApiFieldErrorOut]


def _field_messages() -> dict[str, str]:
    date = _("应为日期，格式 YYYY-MM-DD")
    integer = _("应为整数")
    obj = _("应为 JSON 对象")
    return {
        "missing": _("缺少此项"),
        "int_parsing": integer,
        "int_type": integer,
        "int_from_float": integer,
        "int_parsing_size": _("数值过大"),
        "float_parsing": _("应为数字"),
        "float_type": _("应为数字"),
        "bool_parsing": _("应为 true 或 false"),
        "bool_type": _("应为 true 或 false"),
        "date_parsing": date,
        "date_type": date,
        "date_from_datetime_parsing": date,
        "date_from_datetime_inexact": date,
        "datetime_parsing": _("应为日期时间，格式 YYYY-MM-DDTHH:MM:SS"),
        "datetime_type": _("应为日期时间，格式 YYYY-MM-DDTHH:MM:SS"),
        "string_type": _("应为文本"),
        "string_too_long": _("过长"),
        "string_too_short": _("过短"),
        "greater_than": _("超出允许范围"),
        "greater_than_equal": _("超出允许范围"),
        "less_than": _("超出允许范围"),
        "less_than_equal": _("超出允许范围"),
        "json_invalid": _("不是有效的 JSON"),
        "json_type": _("不是有效的 JSON"),
        "model_attributes_type": obj,
        "model_type": obj,
        "dict_type": obj,
        "list_type": _("应为列表"),
    }


# Where a value came from, not its name: left out of the field name shown.
_LOCATIONS = {"query", "path", "body", "form", "file", "header", "cookie", "payload"}


def _field(loc: list[Any]) -> str:
    names = [str(part) for part in loc if str(part) not in _LOCATIONS]
    return ".".join(names) or _("请求体")


def invalid_response(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    messages = _field_messages()
    errors = []
    for error in exc.errors:
        loc = list(error.get("loc", []))
        errors.append(
            {
                "loc": loc,
                "field": _field(loc),
                "msg": messages.get(error.get("type", ""), _("格式不正确")),
            }
        )
    detail = _("请求参数不正确：%(errors)s。") % {
        "errors": "；".join(f"{e['field']} {e['msg']}" for e in errors)
    }
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def _http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    kind = NINJA_MESSAGES.get(exc.message)
    if kind == "csrf":
        detail = _("CSRF 校验失败：请携带 csrftoken Cookie 和相同的 X-CSRFToken 请求头。")
    elif kind == "auth" or isinstance(exc, AuthenticationError):
        detail = _("请先登录。")
    elif str(exc.message).startswith("Cannot parse request body"):
        detail = _("请求体无法解析：请发送与 Content-Type 相符的 JSON 或表单。")
    else:
        detail = str(exc.message)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def _not_found(api: NinjaAPI, request: HttpRequest, exc: Http404) -> HttpResponse:
    detail = _("未找到：该记录不存在，或不属于您所在的中心。")
    return api.create_response(request, {"detail": detail}, status=404)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def request_has_nul(request: HttpRequest) -> bool:
    """NUL in the path, a query value, a form field or a JSON string (files may hold any
    bytes and are not looked at). A form body that does not parse raises
    MultiPartParserError."""
    if "\x00" in request.path or _has_nul(dict(request.GET.lists())):
        return True
    content_type = request.content_type or ""
    if content_type in JSON_TYPES:
        body = request.body
        if b"\x00" in body:
            return True
        if b"\\u0000" in body:
            try:
                return _has_nul(json.loads(body))
            except ValueError:
                return False  # not JSON: the operation's parser answers it
    elif content_type in FORM_TYPES:
        return _has_nul(dict(request.POST.lists()))
    return False


def _guarded(api: NinjaAPI, view):
    """`view` behind the NUL check, with a 405 and an unparsable form answered in JSON."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            refused = request_has_nul(request)
        except MultiPartParserError:
            detail = _("请求体无法解析：multipart/form-data 格式不正确。")
            return api.create_response(request, {"detail": detail}, status=400)
        if refused:
            detail = _("请求中含有空字符（NUL），无法处理。")
            return api.create_response(request, {"detail": detail}, status=400)
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "Allow" in response:
            detail = _("不支持该请求方法，允许的方法：%(allow)s。") % {"allow": response["Allow"]}
            allowed = api.create_response(request, {"detail": detail}, status=405)
            allowed["Allow"] = response["Allow"]
            return allowed
        return response

    return guarded


def _component(cls: type[Schema], schemas: dict[str, Any]) -> None:
    definition = cls.model_json_schema(ref_template=REF + "{model}")
    schemas.update(definition.pop("$defs", {}))
    schemas[cls.__name__] = definition


def _answer(description: str, name: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF + name}}},
    }


class RongmeiAPI(NinjaAPI):
    """NinjaAPI with the shared answers to bad input, in Chinese, and their documentation."""

    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        self.add_exception_handler(ValidationError, functools.partial(invalid_response, self))
        self.add_exception_handler(HttpError, functools.partial(_http_error, self))
        self.add_exception_handler(Http404, functools.partial(_not_found, self))

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            callback = getattr(pattern, "callback", None)
            if callback is not None:
                pattern.callback = _guarded(self, callback)
        return urls

    def get_openapi_schema(self, **kwargs: Any):
        schema = super().get_openapi_schema(**kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        _component(ApiErrorOut, schemas)
        _component(ApiInvalidOut, schemas)
        error, invalid = ApiErrorOut.__name__, ApiInvalidOut.__name__
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                answers = {403: _answer("Forbidden (CSRF, or a password change due)", error)}
                if operation.get("security"):
                    answers[401] = _answer("Not signed in", error)
                if operation.get("parameters") or "requestBody" in operation:
                    answers[400] = _answer("Bad request", error)
                    answers[404] = _answer("Not found in the user's centers", error)
                    answers[422] = _answer("Parameters that do not parse", invalid)
                if "requestBody" in operation:
                    answers[413] = _answer("Request body too large", error)
                responses = operation.setdefault("responses", {})
                present = {str(code) for code in responses}
                for code, answer in answers.items():
                    if str(code) not in present:
                        responses[code] = answer
        return schema
