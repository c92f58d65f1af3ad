"""The WebSub callback: hubs verify our subscriptions here and push new content."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from tidings.errors import FeedError, NotFound
from tidings.ingest import websub
from tidings.models import Source
from tidings.pipeline import accept_push
from tidings.web.routing.params import id_or_404
from tidings.web.routing.view_context import now, repository, settings

router = APIRouter()

LEASE_MOST = 10 * 365 * 24 * 3600  # ten years, in seconds: hubs ask for days


def _source(request: Request, source_id: str) -> Source:
    try:
        return repository(request).sources.get_source(id_or_404(source_id, "No such subscription."))
    except NotFound as exc:
        raise HTTPException(status_code=404, detail="No such subscription.") from exc


def _intent(request: Request) -> dict[str, str]:
    """The hub's query, its lease cut to ``LEASE_MOST`` (a longer one would overflow the
    lease's end time; we renew well before either)."""
    query = dict(request.query_params)
    try:  # read as the check reads it: int(), a sign and any script's digits allowed
        seconds = int(query.get("hub.lease_seconds", "0"))
    except ValueError:
        return query  # which the check takes for no lease
    query["hub.lease_seconds"] = str(min(seconds, LEASE_MOST))
    return query


@router.get("/websub/{source_id}", include_in_schema=False)
def verify(request: Request, source_id: str) -> Response:
    """Answer the hub's intent check with its challenge, for subscriptions we asked for."""
    source = _source(request, source_id)
    check = websub.verify_intent(source, _intent(request), now(request))
    if not check.accept:
        raise HTTPException(status_code=404, detail="No such subscription.")
    if check.state is not None:
        repository(request).sources.set_websub(
            source.id,
            hub=source.websub_hub,
            topic=source.websub_topic,
            secret=source.websub_secret,
            state=check.state,
            lease_until=check.lease_until,
        )
    return PlainTextResponse(check.challenge)


@router.post("/websub/{source_id}", include_in_schema=False)
async def receive(request: Request, source_id: str) -> Response:
    """Accept pushed content when its HMAC signature is right; ignore it otherwise."""
    source = _source(request, source_id)
    limit = settings(request).max_feed_bytes
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(status_code=413, detail="Pushed content is too large.")
    signature = request.headers.get("X-Hub-Signature")
    # The spec asks subscribers to answer 2xx even for a bad signature, and drop the content,
    # so that a forger learns nothing.
    if source.websub_state != "verified" or not websub.signature_ok(
        source.websub_secret, bytes(body), signature
    ):
        return Response(status_code=202)
    try:
        await run_in_threadpool(
            accept_push,
            repository(request),
            source,
            bytes(body),
            now=now(request),
            cap=settings(request).max_new_per_feed,
        )
    except FeedError as exc:
        raise HTTPException(status_code=400, detail=f"Not a feed: {exc}") from exc
    return Response(status_code=202)
