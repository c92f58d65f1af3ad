"""The OpenAI-compatible client and translators against a real local protocol server."""

from __future__ import annotations

import logging
import socket
import sys
import time
import types
from collections.abc import Iterator

import httpx
import pytest

from tests.ai.openai_server import OpenAIServer, openai_server
from tidings.ai.backends import (
    AIError,
    ArgosTranslator,
    BackendUnavailable,
    ModelResponseError,
    ModelResponseTooLarge,
    ModelServerStatusError,
    ModelServerTimeout,
    ModelServerUnreachable,
)
from tidings.ai.model_server import OpenAICompatible, OpenAITranslator
from tidings.ai.translate import choose_translator, translator_help
from tidings.errors import ConfigError, TidingsError

MODEL = "tiny-translator"
KEY = "sk-test-0123456789abcdef"


@pytest.fixture
def client(server: OpenAIServer) -> Iterator[OpenAICompatible]:
    with OpenAICompatible(server.base_url, MODEL, timeout=5) as c:
        yield c


def refused_url() -> str:
    """A loopback URL nothing listens on: the port was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


# -- the chat client ------------------------------------------------------------------------


def test_chat_sends_an_openai_request_and_returns_the_reply(
    server: OpenAIServer, client: OpenAICompatible
) -> None:
    reply = client.chat([{"role": "user", "content": "floods in the valley"}])
    assert reply == "FLOODS IN THE VALLEY"
    (request,) = server.chat_requests()
    assert request.method == "POST"
    assert request.body["model"] == MODEL
    assert request.body["temperature"] == 0
    assert request.body["max_tokens"] == client.max_tokens
    assert request.body["stream"] is False
    assert request.body["messages"] == [{"role": "user", "content": "floods in the valley"}]
    assert "Authorization" not in request.headers


def test_max_tokens_never_exceeds_the_clients_cap(server: OpenAIServer) -> None:
    with OpenAICompatible(server.base_url, MODEL, max_tokens=200) as capped:
        capped.chat([{"role": "user", "content": "x"}], max_tokens=50)
        capped.chat([{"role": "user", "content": "x"}], max_tokens=10_000)
    assert [r.body["max_tokens"] for r in server.chat_requests()] == [50, 200]


def test_an_injected_httpx_client_is_used_and_left_open(server: OpenAIServer) -> None:
    with httpx.Client() as shared:
        backend = OpenAICompatible(server.base_url, MODEL, client=shared)
        assert backend.chat([{"role": "user", "content": "a"}]) == "A"
        backend.close()
        assert not shared.is_closed


def test_models_and_health(server: OpenAIServer, client: OpenAICompatible) -> None:
    assert client.list_models() == [MODEL]
    ok, reason = client.health()
    assert ok, reason
    assert server.requests[-1].path == "/v1/models"
    with OpenAICompatible(server.base_url, "llama3:8b") as other:
        ok, reason = other.health()
    assert not ok
    assert "llama3:8b" in reason and MODEL in reason


def test_health_reports_a_server_that_is_down() -> None:
    with OpenAICompatible(refused_url(), MODEL) as down:
        ok, reason = down.health()
    assert not ok
    assert "cannot reach" in reason


def test_refused_connection_is_a_clear_error() -> None:
    url = refused_url()
    with OpenAICompatible(url, MODEL) as down, pytest.raises(ModelServerUnreachable) as info:
        down.chat([{"role": "user", "content": "hello"}])
    assert url in str(info.value)
    assert isinstance(info.value, TidingsError)


def test_server_error_status_is_reported_with_its_message(
    server: OpenAIServer, client: OpenAICompatible
) -> None:
    server.fault = "status500"
    with pytest.raises(ModelServerStatusError) as info:
        client.chat([{"role": "user", "content": "hello"}])
    assert info.value.status == 500
    assert "HTTP 500" in str(info.value) and "the model crashed" in str(info.value)


def test_unknown_model_is_a_404(server: OpenAIServer) -> None:
    with (
        OpenAICompatible(server.base_url, "missing") as wrong,
        pytest.raises(ModelServerStatusError) as info,
    ):
        wrong.chat([{"role": "user", "content": "hello"}])
    assert info.value.status == 404


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("malformed", "did not answer JSON"),
        ("no_choices", "without any choices"),
        ("length", "cut off at max_tokens"),
    ],
)
def test_unusable_answers_are_errors(
    server: OpenAIServer, client: OpenAICompatible, fault: str, words: str
) -> None:
    server.fault = fault
    with pytest.raises(ModelResponseError, match=words):
        client.chat([{"role": "user", "content": "hello"}])


def test_a_slow_server_times_out(server: OpenAIServer) -> None:
    server.fault = "slow"
    server.delay = 5.0
    started = time.monotonic()
    with (
        OpenAICompatible(server.base_url, MODEL, timeout=0.3) as impatient,
        pytest.raises(ModelServerTimeout, match=r"0\.3 s"),
    ):
        impatient.chat([{"role": "user", "content": "hello"}])
    assert time.monotonic() - started < 3


def test_a_trickling_server_hits_the_total_deadline(server: OpenAIServer) -> None:
    # Each byte arrives well within the read timeout; only a deadline on the whole stops it.
    server.fault = "trickle"
    server.delay = 5.0
    started = time.monotonic()
    with (
        OpenAICompatible(server.base_url, MODEL, timeout=0.5) as impatient,
        pytest.raises(ModelServerTimeout, match="did not finish answering"),
    ):
        impatient.chat([{"role": "user", "content": "hello"}])
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("fault", ["oversized", "oversized_stream"])
def test_an_oversized_body_is_refused(server: OpenAIServer, fault: str) -> None:
    server.fault = fault
    with (
        OpenAICompatible(server.base_url, MODEL, max_response_bytes=1024 * 1024) as capped,
        pytest.raises(ModelResponseTooLarge, match="1048576 bytes"),
    ):
        capped.chat([{"role": "user", "content": "hello"}])


def test_the_api_key_is_sent_but_never_repeated(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with openai_server(api_key=KEY) as server:
        with OpenAICompatible(server.base_url, MODEL, api_key=KEY) as good:
            assert good.chat([{"role": "user", "content": "a"}]) == "A"
            assert KEY not in repr(good)
        assert server.requests[-1].headers["Authorization"] == f"Bearer {KEY}"
        wrong = "sk-wrong-key-that-must-not-leak"
        with (
            OpenAICompatible(server.base_url, MODEL, api_key=wrong) as bad,
            pytest.raises(ModelServerStatusError) as info,
        ):
            bad.chat([{"role": "user", "content": "a"}])
    # The server echoed the wrong key in its error body, as OpenAI does.
    assert info.value.status == 401
    assert "Incorrect API key provided: ***" in str(info.value)
    assert wrong not in str(info.value)
    assert KEY not in caplog.text and wrong not in caplog.text


def test_credentials_in_the_url_stay_out_of_messages() -> None:
    url = refused_url().replace("http://", "http://user:hunter2@")
    with OpenAICompatible(url, MODEL) as down, pytest.raises(ModelServerUnreachable) as info:
        down.chat([{"role": "user", "content": "a"}])
    assert "hunter2" not in str(info.value)
    assert "hunter2" not in repr(down)


@pytest.mark.parametrize(
    ("url", "model"),
    [("", MODEL), ("ftp://host/v1", MODEL), ("not a url", MODEL), ("http://h/v1", " ")],
)
def test_bad_settings_are_config_errors(url: str, model: str) -> None:
    with pytest.raises(ConfigError):
        OpenAICompatible(url, model)


# -- translation by the model server --------------------------------------------------------


def test_openai_translator_translates_one_output_per_input(
    server: OpenAIServer, client: OpenAICompatible
) -> None:
    translator = OpenAITranslator(client)
    out = translator.translate(["The police said", "a new bridge"], "en", "de")
    assert out == ["die Polizei sagte", "eine neue Brücke"]
    (request,) = server.chat_requests()
    system = request.body["messages"][0]["content"]
    assert "from English into German" in system and "exactly 2" in system
    assert translator.available() == (True, f"{server.base_url} serves {MODEL}")
    assert (translator.name, translator.model) == ("openai-compatible", MODEL)


def test_a_miscounted_batch_is_retried_in_halves(
    server: OpenAIServer, client: OpenAICompatible
) -> None:
    server.fault = "miscount_batches"
    texts = ["the storm", "the flood", "the river", "the city", "the council"]
    out = OpenAITranslator(client).translate(texts, "en", "de")
    assert out == ["die Sturm", "die Hochwasser", "die Fluss", "die Stadt", "die Rat"]
    # 5 → (2 → 1 + 1) + (3 → 1 + (2 → 1 + 1)): every batch above one item failed once.
    assert len(server.chat_requests()) == 9


def test_a_translator_that_always_miscounts_fails_clearly(
    server: OpenAIServer, client: OpenAICompatible
) -> None:
    server.fault = "miscount"
    with pytest.raises(ModelResponseError, match="returned 0 translations for 1 inputs"):
        OpenAITranslator(client).translate(["the storm", "the flood"], "en", "de")
    assert len(server.chat_requests()) == 2  # the pair, then its first half


def test_no_texts_means_no_request(server: OpenAIServer, client: OpenAICompatible) -> None:
    assert OpenAITranslator(client).translate([], "en", "de") == []
    assert server.requests == []


# -- Argos Translate ------------------------------------------------------------------------


def test_argos_is_unavailable_when_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the import fail, whether or not argostranslate is here.
    monkeypatch.setitem(sys.modules, "argostranslate", None)
    monkeypatch.setitem(sys.modules, "argostranslate.translate", None)
    argos = ArgosTranslator("en", "de")
    ok, reason = argos.available()
    assert not ok
    assert reason == "argostranslate is not installed (pip install argostranslate)"
    with pytest.raises(BackendUnavailable):
        argos.translate(["hello"], "en", "de")


class _StandInLanguage:
    """Shaped like argostranslate.translate.Language (``code``, ``get_translation``)."""

    def __init__(self, code: str, pairs: set[tuple[str, str]]) -> None:
        self.code = code
        self._pairs = pairs

    def get_translation(self, to: _StandInLanguage) -> _StandInTranslation | None:
        if (self.code, to.code) in self._pairs:
            return _StandInTranslation()
        return None


class _StandInTranslation:
    def translate(self, text: str) -> str:
        if text == "boom":
            raise RuntimeError("ctranslate2 exploded")
        return f"[de] {text}"


def install_stand_in_argos(monkeypatch: pytest.MonkeyPatch, pairs: set[tuple[str, str]]) -> None:
    """A stand-in module with Argos' documented API; the real one cannot be installed here."""
    codes = {code for pair in pairs for code in pair} | {"en"}
    translate_module = types.ModuleType("argostranslate.translate")
    languages = [_StandInLanguage(code, pairs) for code in sorted(codes)]
    translate_module.get_installed_languages = lambda: languages  # type: ignore[attr-defined]
    package = types.ModuleType("argostranslate")
    package.translate = translate_module  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "argostranslate", package)
    monkeypatch.setitem(sys.modules, "argostranslate.translate", translate_module)


def test_argos_without_the_language_package_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_stand_in_argos(monkeypatch, {("en", "fr")})
    ok, reason = ArgosTranslator("en", "de").available()
    assert not ok
    assert "no Argos Translate package for en→de" in reason
    assert "argospm install translate-en_de" in reason


def test_argos_with_the_package_translates(monkeypatch: pytest.MonkeyPatch) -> None:
    install_stand_in_argos(monkeypatch, {("en", "de")})
    argos = ArgosTranslator("en-GB", "de")
    assert argos.available() == (True, "Argos Translate en→de is installed")
    assert argos.translate(["a", "b"], "en", "de") == ["[de] a", "[de] b"]
    assert argos.translate(["c"], None, "de") == ["[de] c"]  # the pair it was made for
    with pytest.raises(AIError, match="ctranslate2 exploded"):
        argos.translate(["boom"], "en", "de")


# -- choosing ---------------------------------------------------------------------------------


def test_nothing_configured_means_no_translator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "argostranslate", None)
    monkeypatch.setitem(sys.modules, "argostranslate.translate", None)
    assert choose_translator(source="en", target="de") is None
    assert choose_translator(source="en", target="de", server_url="http://h/v1") is None
    help_text = translator_help("en", "de-AT")
    assert "Install argostranslate and the en→de package" in help_text
    assert "TIDINGS_AI_SERVER_URL and TIDINGS_AI_MODEL" in help_text
    assert "translation from the article's language into German" in translator_help(None, "de")


def test_the_model_server_is_chosen_when_argos_cannot(
    monkeypatch: pytest.MonkeyPatch, server: OpenAIServer
) -> None:
    monkeypatch.setitem(sys.modules, "argostranslate", None)
    monkeypatch.setitem(sys.modules, "argostranslate.translate", None)
    chosen = choose_translator(source="en", target="de", server_url=server.base_url, model=MODEL)
    assert isinstance(chosen, OpenAITranslator)
    assert chosen.translate(["the storm"], "en", "de") == ["die Sturm"]
    assert server.chat_requests()  # and nothing was asked before it was used
    assert [r.path for r in server.requests] == ["/v1/chat/completions"]


def test_argos_comes_first_when_it_has_the_pair(
    monkeypatch: pytest.MonkeyPatch, server: OpenAIServer
) -> None:
    install_stand_in_argos(monkeypatch, {("en", "de")})

    def choose(source: str | None) -> object:
        return choose_translator(
            source=source, target="de", server_url=server.base_url, model=MODEL
        )

    assert isinstance(choose("en"), ArgosTranslator)
    # An article of unknown language cannot go to Argos, which needs the source.
    assert isinstance(choose(None), OpenAITranslator)
    assert isinstance(choose("fr"), OpenAITranslator)
