"""``tidings doctor``: which AI features this install can offer readers, and how to add
the missing ones.

Readers never see an operator's instructions: a feature that cannot run is simply not
offered on the site (no translate link without a translator). This command is where the
operator learns what is on, what is off and which setting or package turns it on. It asks
the model server, when one is set, whether it serves the model (one ``GET /models``), and
exits 1 when it does not, so it can gate a deployment.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

import typer

from tidings.ai.backends import ArgosTranslator
from tidings.ai.model_server import OpenAICompatible
from tidings.cli import common
from tidings.config import Settings
from tidings.errors import ConfigError

# A health check that hangs helps no one; a slow CPU model still lists its models at once.
HEALTH_TIMEOUT = 10.0
SERVER_HOWTO = (
    "set TIDINGS_AI_SERVER_URL (an OpenAI-compatible server: Ollama, llama.cpp, vLLM, "
    "ending in /v1) and TIDINGS_AI_MODEL (the id its /v1/models lists); see docs/ai.md"
)
ARGOS_HOWTO = (
    "pip install argostranslate; argospm update; argospm install translate-<from>_<to> "
    "for each pair, e.g. translate-de_en"
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the report: what, its state, and what to do about it."""

    name: str
    state: str
    advice: str | None = None
    failed: bool = False


def doctor() -> None:
    """Say which AI features readers get here (key points, answers, briefs, rewording,
    translation) and how to turn on the missing ones; exit 1 if a configured model server
    does not answer or does not serve its model."""
    settings = common.settings()
    findings = diagnose(settings)
    for finding in findings:
        typer.echo(f"{finding.name}: {finding.state}")
        if finding.advice:
            typer.echo(f"    {finding.advice}")
    if any(f.failed for f in findings):
        raise typer.Exit(1)


def diagnose(settings: Settings) -> list[Finding]:
    """The report, one finding per feature or backend, in the order a reader meets them."""
    if not settings.ai:
        return [Finding("AI panel", "off (TIDINGS_AI=false): readers see no AI at all")]
    found = [
        Finding(
            "AI panel",
            "on: key points, answers to questions and story briefs, picked on this server "
            "from the articles' own sentences",
        ),
        _meaning(settings),
    ]
    server = _server(settings)
    found.append(server)
    found.append(_rewording(settings, server))
    pairs = _argos_pairs()
    found.append(_argos(pairs))
    found.append(_translation(settings, server, pairs))
    return found


def _meaning(settings: Settings) -> Finding:
    if settings.stories:
        model = settings.embedding_model or "all-MiniLM-L6-v2"
        return Finding("Answers by meaning", f"on (the embedding model {model})")
    return Finding(
        "Answers by meaning",
        "off: answers match the question's words only",
        "set TIDINGS_STORIES=true to load the embedding model",
    )


def _server(settings: Settings) -> Finding:
    url, model = settings.ai_server_url, settings.ai_model
    if not url and not model:
        return Finding("Model server", "not set", f"to add one, {SERVER_HOWTO}")
    if not (url and model):
        missing = "TIDINGS_AI_MODEL" if url else "TIDINGS_AI_SERVER_URL"
        return Finding("Model server", f"not usable: {missing} is not set", SERVER_HOWTO, True)
    try:
        client = OpenAICompatible(
            url,
            model,
            settings.ai_api_key,
            timeout=min(settings.ai_timeout_seconds, HEALTH_TIMEOUT),
        )
    except ConfigError as exc:
        return Finding("Model server", f"not usable: {exc}", SERVER_HOWTO, True)
    with client:
        healthy, why = client.health()
    if healthy:
        return Finding("Model server", f"ok: {why}")
    return Finding("Model server", f"FAILED: {why}", None, True)


def _rewording(settings: Settings, server: Finding) -> Finding:
    if not settings.ai_rewrite:
        return Finding(
            "Plainer rewording",
            "off: key points and briefs are shown as the articles word them",
            "with a model server, set TIDINGS_AI_REWRITE=true to reword them",
        )
    if server.state.startswith("ok"):
        return Finding("Plainer rewording", "on, by the model server")
    return Finding(
        "Plainer rewording",
        "asked for (TIDINGS_AI_REWRITE=true) but the model server is not usable: points are "
        "shown as extracted",
    )


def _argos_pairs() -> list[tuple[str, str]]:
    """The pairs of the site's languages Argos Translate can translate here."""
    from tidings.web.i18n import LANGUAGES  # the languages readers read the site in

    return [
        (source, target)
        for source in LANGUAGES
        for target in LANGUAGES
        if source != target and ArgosTranslator(source, target).available()[0]
    ]


def _argos(pairs: list[tuple[str, str]]) -> Finding:
    if pairs:
        return Finding("Argos Translate", "installed, for " + _pairs(pairs))
    if importlib.util.find_spec("argostranslate") is None:
        return Finding("Argos Translate", "not installed", f"to add it, {ARGOS_HOWTO}")
    return Finding(
        "Argos Translate",
        "installed, with no package for the site's languages",
        "argospm update; argospm install translate-<from>_<to>, e.g. translate-de_en",
    )


def _translation(settings: Settings, server: Finding, pairs: list[tuple[str, str]]) -> Finding:
    if settings.ai_server_url and settings.ai_model:
        state = "on: an article in another language than its page's offers “Read in …”"
        if server.failed:
            state += " (the model server is failing: readers get an error page)"
        return Finding("Translation", state)
    if pairs:
        return Finding("Translation", f"on for {_pairs(pairs)} (Argos Translate); other pairs off")
    return Finding(
        "Translation",
        "off: readers see no translate offer",
        "to turn it on, add a model server or Argos Translate (see above)",
    )


def _pairs(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{source}→{target}" for source, target in pairs)
