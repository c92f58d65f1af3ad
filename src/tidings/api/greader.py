"""The Google Reader API (issue #18) as FreshRSS and Miniflux serve it: under
``/api/greader.php`` and at the site root (``/accounts/ClientLogin``, ``/reader/api/0/``).

``ClientLogin`` takes the username and an app password (``Email``, ``Passwd``; query or
form) and answers ``SID=``/``LSID=``/``Auth=`` lines (JSON with ``output=json``); the token
is the app password itself, which holds no ``=``. Every other endpoint needs
``Authorization: GoogleLogin auth=<token>``: missing or wrong, a 401 with
``Google-Bad-Token: true``. Writes are POSTs; their ``T`` (from ``/token``), when sent in the
form or the query, must match, else the same 401. The session cookie is never read. Bad
input is a 400 (an unknown id or label a 404) with the reason in plain text, and nothing
changed: every argument is checked before anything is written.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import partial

import anyio.to_thread
from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.datastructures import UploadFile

from tidings.api import greader_streams as streams
from tidings.api import greader_subs as subs
from tidings.api.auth import bearer_token, reader_from_password, reader_from_token
from tidings.api.greader_call import NO_STORE, Call, GReaderError, Handler, json_answer

__all__ = ["action_token", "router"]

router = APIRouter()

MAX_BODY = 2 * 1024 * 1024  # an OPML import or 1,000 long ids fit easily
MAX_FIELDS = 2_100
_PREFIX = "/api/greader.php"
_READS: dict[str, Handler] = {
    "user-info": lambda call: _user_info(call),
    "token": lambda call: PlainTextResponse(action_token(call.token), headers=NO_STORE),
    "tag/list": subs.tag_list,
    "subscription/list": subs.subscription_list,
    "subscription/export": subs.subscription_export,
    "unread-count": streams.unread_count,
    "stream/items/ids": streams.item_ids,
    "stream/items/contents": streams.item_contents,
}
_WRITES: dict[str, Handler] = {
    "edit-tag": streams.edit_tag,
    "mark-all-as-read": streams.mark_all_as_read,
    "subscription/edit": subs.subscription_edit,
    "subscription/quickadd": subs.subscription_quickadd,
    "subscription/import": subs.subscription_import,
    "rename-tag": subs.rename_tag,
    "disable-tag": subs.disable_tag,
}


def action_token(token: str) -> str:
    """The ``T`` of an auth token: derived from it, so nothing more is stored."""
    return hashlib.sha256(b"tidings greader T\0" + token.encode("utf-8")).hexdigest()[:57]


def _bad_token() -> Response:
    return PlainTextResponse(
        "Unauthorized: send Authorization: GoogleLogin auth=<token from ClientLogin>\n",
        status_code=401,
        headers={"Google-Bad-Token": "true", **NO_STORE},
    )


def _error(exc: GReaderError) -> Response:
    return PlainTextResponse(exc.reason + "\n", status_code=exc.status, headers=NO_STORE)


async def _arguments(request: Request, *, raw_body: bool) -> tuple[dict[str, list[str]], bytes]:
    """Query and form arguments (a form field after the query's), and the raw body of an
    import."""
    args: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        args.setdefault(name, []).append(value)
    if request.method != "POST":
        return args, b""
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > MAX_BODY:
        raise GReaderError(413, f"the request body is larger than {MAX_BODY} bytes")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if raw_body and kind not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        body = await request.body()
        if len(body) > MAX_BODY:
            raise GReaderError(413, f"the request body is larger than {MAX_BODY} bytes")
        return args, body
    try:
        form = await request.form(max_fields=MAX_FIELDS, max_files=1)
    except Exception as exc:  # a malformed form is the client's error, never a 500
        raise GReaderError(400, f"the form could not be read: {exc}") from exc
    body = b""
    try:
        if len(form.multi_items()) > MAX_FIELDS:
            raise GReaderError(400, f"at most {MAX_FIELDS} form fields")
        for field, entry in form.multi_items():
            if isinstance(entry, UploadFile):
                if not raw_body:
                    raise GReaderError(400, f"{field} must be a form field, not a file")
                body = await entry.read(MAX_BODY + 1)
                if len(body) > MAX_BODY:
                    raise GReaderError(413, f"the file is larger than {MAX_BODY} bytes")
                continue
            args.setdefault(field, []).append(entry)
    finally:
        await form.close()
    return args, body


@router.api_route("/accounts/ClientLogin", methods=["GET", "POST"], include_in_schema=False)
@router.api_route(
    _PREFIX + "/accounts/ClientLogin", methods=["GET", "POST"], include_in_schema=False
)
async def client_login(request: Request) -> Response:
    """Username and app password in, the auth token out."""
    try:
        args, _ = await _arguments(request, raw_body=False)
    except GReaderError as exc:
        return _error(exc)
    email = (args.get("Email") or args.get("email") or [""])[-1]
    password = (args.get("Passwd") or args.get("passwd") or [""])[-1]
    reader = await anyio.to_thread.run_sync(reader_from_password, request, email, password)
    if reader is None:
        return PlainTextResponse("Error=BadAuthentication\n", status_code=401, headers=NO_STORE)
    token = password.strip()
    if (args.get("output") or [""])[-1] == "json":
        return json_answer({"SID": token, "LSID": token, "Auth": token})
    return PlainTextResponse(f"SID={token}\nLSID={token}\nAuth={token}\n", headers=NO_STORE)


@router.api_route("/reader/api/0/{endpoint:path}", methods=["GET", "POST"], include_in_schema=False)
@router.api_route(
    _PREFIX + "/reader/api/0/{endpoint:path}", methods=["GET", "POST"], include_in_schema=False
)
async def reader_api(request: Request, endpoint: str) -> Response:
    """One endpoint of ``/reader/api/0/``."""
    endpoint = endpoint.strip("/")
    handler = _handler(endpoint)
    if handler is None:
        return PlainTextResponse(
            f"Tidings has no Google Reader endpoint /reader/api/0/{endpoint[:200]}\n",
            status_code=404,
            headers=NO_STORE,
        )
    if endpoint in _WRITES and request.method != "POST":
        return PlainTextResponse(
            f"{endpoint} takes a POST\n",
            status_code=405,
            headers={"Allow": "POST", **NO_STORE},
        )
    token = bearer_token(request)
    reader = (
        None if not token else await anyio.to_thread.run_sync(reader_from_token, request, token)
    )
    if reader is None or token is None:
        return _bad_token()
    try:
        args, body = await _arguments(request, raw_body=endpoint == "subscription/import")
        sent = (args.get("T") or [""])[-1]
        if sent and not hmac.compare_digest(sent, action_token(token)):
            return _bad_token()
        call = Call(request, reader, token, args, body)
        return await anyio.to_thread.run_sync(handler, call)
    except GReaderError as exc:
        return _error(exc)


def _handler(endpoint: str) -> Handler | None:
    found = _READS.get(endpoint) or _WRITES.get(endpoint)
    if found is not None:
        return found
    if endpoint == "stream/contents" or endpoint.startswith("stream/contents/"):
        stream = endpoint.removeprefix("stream/contents").removeprefix("/")
        return partial(_stream_contents, stream=stream)
    return None


def _stream_contents(call: Call, *, stream: str) -> Response:
    return streams.stream_contents(call, stream)


def _user_info(call: Call) -> Response:
    user = call.reader.user
    return json_answer(
        {
            "userId": str(user.id),
            "userName": user.username,
            "userProfileId": str(user.id),
            "userEmail": "",
            "isBloggerUser": False,
            "signupTimeSec": int(user.created_at.timestamp()) if user.created_at else 0,
            "isMultiLoginEnabled": False,
        }
    )


@router.api_route(_PREFIX, methods=["GET", "POST"], include_in_schema=False)
@router.api_route(_PREFIX + "/{rest:path}", methods=["GET", "POST"], include_in_schema=False)
async def unknown(request: Request) -> Response:
    """Anything else under ``/api/greader.php``: a 404 that says what exists."""
    return PlainTextResponse(
        "Tidings has no such Google Reader endpoint: use /api/greader.php/accounts/ClientLogin"
        " and /api/greader.php/reader/api/0/...\n",
        status_code=404,
        headers=NO_STORE,
    )
