"""What an AI backend is: the chat and translation protocols, their errors, and the offline
translator (Argos Translate).

Tidings' own AI (key points, story brief, ask) runs locally and extractively. Backends add
what extraction cannot: translation and plainer wording. Each is optional and says
whether it can run (`available()`), so the web tier can offer or hide a feature and tell
the operator how to enable it. The client for an OpenAI-compatible model server, and the
translator built on it, are in ``tidings.ai.model_server``; ``tidings.ai.translate``
chooses between the two translators.

Errors, all under ``tidings.errors.TidingsError``::

    AIError                        an AI backend could not give a usable answer
    ├── BackendUnavailable             the backend is not installed or not configured here
    ├── ModelServerUnreachable         connection refused, unknown host, network down
    ├── ModelServerTimeout             connect, read or total time ran out
    ├── ModelServerStatusError         the server answered with a non-2xx status
    └── ModelResponseError             the answer was malformed, empty, cut off or miscounted
        └── ModelResponseTooLarge          the body passed the size cap
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from typing import Any, Protocol, TypedDict

from babel import Locale, UnknownLocaleError

from tidings.errors import TidingsError


class AIError(TidingsError):
    """An AI backend could not give a usable answer."""


class BackendUnavailable(AIError):
    """The backend is not installed or not configured on this machine."""


class ModelServerUnreachable(AIError):
    """The model server could not be reached (refused, unknown host, network down)."""


class ModelServerTimeout(AIError):
    """The model server took longer than allowed."""


class ModelServerStatusError(AIError):
    """The model server answered with a non-2xx status."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class ModelResponseError(AIError):
    """The model's answer was malformed, empty, cut off or had the wrong number of items."""


class ModelResponseTooLarge(ModelResponseError):
    """The model server's response body passed the size cap."""


class ChatMessage(TypedDict):
    """One message of a chat-completions request."""

    role: str
    content: str


class ChatBackend(Protocol):
    """What the rewriter needs from a model server: one chat turn, text in, text out."""

    @property
    def name(self) -> str: ...

    @property
    def model(self) -> str: ...

    def chat(self, messages: Sequence[ChatMessage], *, max_tokens: int | None = None) -> str: ...


class Translator(Protocol):
    """Turns texts into another language, one output per input, in order."""

    @property
    def name(self) -> str: ...

    @property
    def model(self) -> str: ...

    def available(self) -> tuple[bool, str]:
        """Whether this translator can run now, and a sentence saying why or why not."""
        ...

    def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        """Translate ``texts`` from ``source`` (None: let the backend tell) into ``target``."""
        ...


def language_name(code: str) -> str:
    """English name of a language code ("de" → "German"), or the code when unknown."""
    try:
        return Locale.parse(code.replace("-", "_")).english_name or code
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def primary_language(code: str) -> str:
    """The primary subtag, lowercased: "en-GB" → "en"; Argos and our skip test use these."""
    return code.replace("_", "-").split("-", 1)[0].strip().lower()


class ArgosTranslator:
    """Offline translation with Argos Translate, when it and the language package are here.

    Imported lazily: argostranslate pulls in CTranslate2 and sentencepiece, which most
    installs never need. ``source``/``target`` name the pair this translator is meant for;
    ``translate`` accepts any installed pair.
    """

    name = "argos-translate"

    def __init__(self, source: str, target: str) -> None:
        self.source = primary_language(source)
        self.target = primary_language(target)
        self._lock = threading.Lock()
        self._loaded: dict[tuple[str, str], Any] = {}

    @property
    def model(self) -> str:
        return f"translate-{self.source}_{self.target}"

    def available(self) -> tuple[bool, str]:
        """Whether argostranslate imports and has a package for the pair."""
        try:
            self._translation(self.source, self.target)
        except BackendUnavailable as exc:
            return False, str(exc)
        return True, f"Argos Translate {self.source}→{self.target} is installed"

    def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        """Translate each text with the installed Argos package for the pair."""
        translation = self._translation(
            primary_language(source) if source else self.source, primary_language(target)
        )
        outputs: list[str] = []
        for text in texts:
            try:
                result = translation.translate(text)
            except Exception as exc:
                # Argos raises whatever CTranslate2 raises; callers catch our errors only.
                raise AIError(f"Argos Translate failed: {type(exc).__name__}: {exc}") from exc
            if not isinstance(result, str):
                raise AIError("Argos Translate returned something other than text")
            outputs.append(result)
        return outputs

    def _translation(self, source: str, target: str) -> Any:
        with self._lock:
            if (source, target) in self._loaded:
                return self._loaded[(source, target)]
            try:
                argos = importlib.import_module("argostranslate.translate")
            except ImportError:
                raise BackendUnavailable(
                    "argostranslate is not installed (pip install argostranslate)"
                ) from None
            languages = {lang.code: lang for lang in argos.get_installed_languages()}
            found = None
            if source in languages and target in languages:
                found = languages[source].get_translation(languages[target])
            if found is None:
                raise BackendUnavailable(
                    f"no Argos Translate package for {source}→{target} is installed "
                    f"(argospm update && argospm install translate-{source}_{target})"
                )
            self._loaded[(source, target)] = found
            return found
