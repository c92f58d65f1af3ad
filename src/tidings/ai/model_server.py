"""The client for an OpenAI-compatible model server (Ollama, llama.cpp, vLLM), and the
translator built on it.

No message, ``repr`` or log line carries the API key: the key lives only in a request
header, and every text taken from a server or from httpx is scrubbed of it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

import httpx

from tidings.ai.backends import (
    AIError,
    ChatMessage,
    ModelResponseError,
    ModelResponseTooLarge,
    ModelServerStatusError,
    ModelServerTimeout,
    ModelServerUnreachable,
    language_name,
)
from tidings.errors import ConfigError

DEFAULT_TIMEOUT = 120.0  # seconds; a local CPU model writing 500 tokens is slow
DEFAULT_MAX_TOKENS = 1024
DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024


class OpenAICompatible:
    """A synchronous client for any OpenAI-compatible server (Ollama, llama.cpp, vLLM).

    Synchronous because model calls take seconds to minutes and callers run them in a
    worker thread; an async client would buy nothing there. Pass ``client`` to share one
    ``httpx.Client`` (the house rule: HTTP is injected); otherwise one is made and
    ``close()`` closes it.
    """

    name = "openai-compatible"

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        client: httpx.Client | None = None,
    ) -> None:
        if not model.strip():
            raise ConfigError("the AI model name is empty (TIDINGS_AI_MODEL)")
        try:
            url = httpx.URL(base_url.strip())
        except httpx.InvalidURL:
            raise ConfigError("the AI server URL is not a URL (TIDINGS_AI_SERVER_URL)") from None
        if url.scheme not in ("http", "https") or not url.host:
            raise ConfigError(
                "the AI server URL must be http(s)://host[:port]/v1 (TIDINGS_AI_SERVER_URL)"
            )
        if timeout <= 0 or max_tokens <= 0 or max_response_bytes <= 0:
            raise ConfigError("AI timeout, max_tokens and response cap must be positive")
        self.base_url = str(url).rstrip("/")
        self.model = model.strip()
        self.timeout = timeout
        self.max_tokens = max_tokens
        self.max_response_bytes = max_response_bytes
        self._api_key = api_key or None
        # A password can sit in the URL too (user:password@host); messages show neither.
        self._secrets = [s for s in (self._api_key, url.password) if s]
        self.display_url = str(url.copy_with(username=None, password=None, query=None)).rstrip("/")
        self._owns_client = client is None
        self._client = client if client is not None else httpx.Client()

    def __repr__(self) -> str:
        return f"OpenAICompatible({self.display_url!r}, model={self.model!r})"

    def __enter__(self) -> OpenAICompatible:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client if this object made it."""
        if self._owns_client:
            self._client.close()

    def chat(self, messages: Sequence[ChatMessage], *, max_tokens: int | None = None) -> str:
        """Send one chat-completions request at temperature 0; return the reply text.

        Temperature 0 because Tidings wants the most likely wording, repeatable enough to
        cache, not variety. A reply cut off at the token cap is an error, not a shorter
        answer: half a translation or half a list must never reach a reader.
        """
        cap = min(max_tokens or self.max_tokens, self.max_tokens)
        body = {
            "model": self.model,
            "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            "temperature": 0,
            "max_tokens": cap,
            "stream": False,
        }
        data = self._request("POST", "/chat/completions", body)
        choices = data.get("choices") if isinstance(data, dict) else None
        if not isinstance(choices, list) or not choices:
            raise ModelResponseError(f"{self.display_url} answered without any choices")
        first = choices[0]
        message = first.get("message") if isinstance(first, dict) else None
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, str):
            raise ModelResponseError(f"{self.display_url} answered without message content")
        if first.get("finish_reason") == "length":
            raise ModelResponseError(
                f"the model's answer was cut off at max_tokens={cap}; send less text"
            )
        if not content.strip():
            raise ModelResponseError(f"model {self.model!r} gave an empty answer")
        return content

    def list_models(self) -> list[str]:
        """The model ids the server offers (``GET /models``)."""
        data = self._request("GET", "/models", None)
        entries = data.get("data") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise ModelResponseError(f"{self.display_url}/models did not list models")
        return [e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]

    def health(self) -> tuple[bool, str]:
        """Whether the server answers and offers the configured model, with a sentence why.

        A server that answers but does not list the model counts as unhealthy: Ollama and
        vLLM refuse chat for an unknown model, and llama.cpp lists the one it loaded, so
        the fix is to set the model to a listed id.
        """
        try:
            models = self.list_models()
        except AIError as exc:
            return False, str(exc)
        if self.model in models:
            return True, f"{self.display_url} serves {self.model}"
        offered = ", ".join(models[:10]) or "none"
        return False, f"{self.display_url} does not offer {self.model!r} (it offers: {offered})"

    def _request(self, method: str, path: str, body: dict[str, Any] | None) -> Any:
        url = self.base_url + path
        headers = {"Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        deadline = time.monotonic() + self.timeout
        try:
            with self._client.stream(
                method, url, json=body, headers=headers, timeout=httpx.Timeout(self.timeout)
            ) as response:
                raw = self._read_capped(response, deadline)
        except httpx.TimeoutException:
            raise ModelServerTimeout(
                f"{self.display_url} did not answer within {self.timeout:g} s"
            ) from None
        except httpx.ConnectError as exc:
            raise ModelServerUnreachable(
                f"cannot reach the AI server at {self.display_url}: {self._scrub(str(exc))}"
            ) from None
        except httpx.HTTPError as exc:
            raise AIError(
                f"talking to {self.display_url} failed: "
                f"{type(exc).__name__}: {self._scrub(str(exc))}"
            ) from None
        if not 200 <= response.status_code < 300:
            detail = self._scrub(raw[:300].decode("utf-8", "replace")).strip()
            raise ModelServerStatusError(
                f"{self.display_url}{path} answered HTTP {response.status_code}"
                + (f": {detail}" if detail else ""),
                status=response.status_code,
            )
        try:
            return json.loads(raw)
        except ValueError:
            raise ModelResponseError(f"{self.display_url}{path} did not answer JSON") from None

    def _read_capped(self, response: httpx.Response, deadline: float) -> bytes:
        """Read the body, stopping at the size cap and at the total deadline.

        httpx's read timeout is per chunk, so a server that trickles bytes could hold a
        worker forever; the deadline bounds the whole answer.
        """
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_response_bytes:
            raise ModelResponseTooLarge(self._too_large())
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_response_bytes:
                raise ModelResponseTooLarge(self._too_large())
            if time.monotonic() > deadline:
                raise ModelServerTimeout(
                    f"{self.display_url} did not finish answering within {self.timeout:g} s"
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self) -> str:
        return f"{self.display_url} sent more than {self.max_response_bytes} bytes"

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


class OpenAITranslator:
    """Translation by a model on an OpenAI-compatible server.

    The paragraphs go out as a JSON array and must come back as a JSON array of the same
    length: a count we can check is what keeps each translated paragraph beside its
    original. At temperature 0 asking again gets the same answer, so a miscounted batch is
    retried in halves, down to single paragraphs; a single paragraph that still cannot be
    read is an error.
    """

    name = "openai-compatible"

    def __init__(self, client: OpenAICompatible) -> None:
        self.client = client

    @property
    def model(self) -> str:
        return self.client.model

    def available(self) -> tuple[bool, str]:
        """Ask the server (one ``GET /models``) whether it offers the model."""
        return self.client.health()

    def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        """Translate each text; exactly one output per input, in order."""
        if not texts:
            return []
        try:
            return self._translate_batch(list(texts), source, target)
        except _Miscounted as exc:
            raise ModelResponseError(str(exc)) from None

    def _translate_batch(self, texts: list[str], source: str | None, target: str) -> list[str]:
        reply = self.client.chat(_translation_prompt(texts, source, target))
        try:
            return _parse_string_array(reply, len(texts))
        except _Miscounted:
            if len(texts) == 1:
                raise
        half = len(texts) // 2
        return self._translate_batch(texts[:half], source, target) + self._translate_batch(
            texts[half:], source, target
        )


class _Miscounted(Exception):
    """The reply was not a JSON array of exactly the expected number of strings."""


def _translation_prompt(texts: list[str], source: str | None, target: str) -> list[ChatMessage]:
    origin = f"from {language_name(source)} " if source else ""
    system = (
        f"You are a translation engine. The user sends a JSON array of {len(texts)} "
        f"paragraphs of a news article. Translate each paragraph {origin}into "
        f"{language_name(target)}. Reply with only a JSON array of exactly {len(texts)} "
        "strings: item i is the translation of paragraph i. Do not merge, split, add, drop "
        "or reorder items. Keep names, numbers and dates exactly. No commentary."
    )
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": json.dumps(texts, ensure_ascii=False)},
    ]


def _parse_string_array(reply: str, expected: int) -> list[str]:
    text = reply.strip()
    # Models often fence JSON in Markdown even when told not to; the fence carries nothing.
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0].strip()
    try:
        items = json.loads(text)
    except ValueError:
        raise _Miscounted(
            f"the model's answer was not a JSON array ({expected} expected)"
        ) from None
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise _Miscounted("the model's answer was not an array of strings")
    if len(items) != expected:
        raise _Miscounted(f"the model returned {len(items)} translations for {expected} inputs")
    return items
