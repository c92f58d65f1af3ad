"""Settings: defaults, sources of values, and that every one is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tidings.config import Settings, load_settings
from tidings.errors import ConfigError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_every_setting_has_a_default_help_and_docs_row() -> None:
    documented = set(re.findall(r"`(TIDINGS_[A-Z_]+)`", DOCS.read_text(encoding="utf-8")))
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} has no help text"
        assert not field.is_required(), f"{name} has no default"
        assert f"TIDINGS_{name.upper()}" in documented, f"{name} missing from {DOCS.name}"


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.data_dir == Path("./data")
    assert settings.sqlalchemy_url == f"sqlite:///{(tmp_path / 'data' / 'tidings.db')}"
    assert settings.public_url == "http://127.0.0.1:8000"


def test_render_threads_suit_the_setup(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert load_settings().render_threads == 4  # SQLite, no model server: two per core
    monkeypatch.setattr("os.cpu_count", lambda: 16)
    assert load_settings().render_threads == 32
    assert load_settings(ai_server_url="http://127.0.0.1:11434/v1").render_threads == 40
    assert load_settings(database_url="postgresql://me@db.example/news").render_threads == 40
    assert load_settings(web_threads=3).render_threads == 3  # what the operator set
    with pytest.raises(ConfigError):
        load_settings(web_threads=0)


def test_env_toml_and_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text('port = 9000\nsite_name = "Harbour News"\npage_size = 10\n', encoding="utf-8")
    monkeypatch.setenv("TIDINGS_CONFIG", str(config))
    monkeypatch.setenv("TIDINGS_PAGE_SIZE", "12")
    monkeypatch.setenv("TIDINGS_DATABASE_URL", "postgresql://me@db.example/news")
    settings = load_settings(port=9100)
    assert settings.port == 9100  # keyword beats env and file
    assert settings.page_size == 12  # env beats file
    assert settings.site_name == "Harbour News"  # file beats default
    assert settings.sqlalchemy_url == "postgresql+psycopg://me@db.example/news"


def test_bad_values_raise_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_PORT", "not-a-port")
    with pytest.raises(ConfigError, match="port"):
        load_settings()
    monkeypatch.delenv("TIDINGS_PORT")
    with pytest.raises(ConfigError, match="no_such_setting"):
        load_settings(no_such_setting=1)
