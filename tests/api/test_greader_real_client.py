"""The Google Reader API (issue #18) driven by a real client: the PyPI ``google-reader``
package, which needs Python >= 3.12, run as a subprocess from a venv of its own against
the live server. Then the store and the signed-in web pages show what the client did.

Where no Python >= 3.12 or no package can be had, the test skips with the reason; in CI
(``CI`` set) that is a failure, because CI's machine has both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import ApiSite, both_databases
from tests.api.web_view import (
    followed_on_account_page,
    saved_on_account_page,
    signed_in,
    source_cards,
)
from tidings.api.ids import long_item_id

CLIENT_PACKAGE = "google-reader==0.0.3"  # the decoder this test proves the API against
SCRIPT = Path(__file__).with_name("greader_client.py")
READ = "user/-/state/com.google/read"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the google-reader client cannot run: {reason}")
    pytest.skip(reason)


def _version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return int(out[0]), int(out[1])


def _python_312() -> str | None:
    """A Python >= 3.12: this one, one on PATH, or one under pyenv."""
    if sys.version_info >= (3, 12):
        return sys.executable
    found = [shutil.which(f"python3.{minor}") for minor in (12, 13, 14)]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if pyenv.is_dir():
        found += [str(p / "bin" / "python") for p in sorted(pyenv.iterdir())]
    for python in found:
        if python and Path(python).exists() and (_version(python) or (0, 0)) >= (3, 12):
            return python
    return None


@pytest.fixture(scope="session")
def client_python(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The python of a fresh venv with the google-reader client installed."""
    python = _python_312()
    if python is None:
        _unavailable("no Python >= 3.12 (on PATH or under ~/.pyenv/versions)")
    venv = tmp_path_factory.mktemp("greader-client") / "venv"
    made = subprocess.run(
        [str(python), "-m", "venv", str(venv)], capture_output=True, text=True, timeout=120
    )
    if made.returncode != 0:
        _unavailable(f"{python} -m venv failed: {made.stderr[-500:]}")
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", CLIENT_PACKAGE],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if pip.returncode != 0:
        _unavailable(f"pip install {CLIENT_PACKAGE} failed: {pip.stderr[-500:]}")
    return str(venv / "bin" / "python")


def _run_client(python: str, site: ApiSite, base: str, **args: str) -> dict[str, Any]:
    given = {"base": site.server.url(base), "username": "ada", "password": site.password, **args}
    done = subprocess.run(
        [python, str(SCRIPT), json.dumps(given)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@both_databases
@pytest.mark.parametrize("base", ["", "/api/greader.php"])
def test_google_reader_client_syncs_and_the_site_shows_it(
    api_site: ApiSite, client_python: str, base: str
) -> None:
    site = api_site
    first, second, third, excerpt = site.articles
    unfollowed = f"feed/{site.unfollowed_source}"
    got = _run_client(
        client_python,
        site,
        base,
        subscribe=unfollowed,
        label="World",
        mark_feed=f"feed/{site.full_source}",
    )
    item = site.item
    assert got["wrong_password"] == "refused" and got["user_name"] == "ada"
    assert got["subscriptions"] == {
        f"feed/{site.full_source}": ["user/-/label/Bridges"],
        f"feed/{site.excerpt_source}": [],
    }
    assert "user/-/label/Bridges" in got["tags"]
    # Four unread, newest first, over three pages of two (the last one empty).
    newest_first = [excerpt, third, second, first]
    assert got["unread"] == [str(item(a)) for a in newest_first] and got["pages"] == 3
    decoded = got["items"]
    assert [i["id"] for i in decoded] == [long_item_id(item(a)) for a in newest_first]
    assert decoded[1]["title"] == "Bridge news 3"
    assert decoded[1]["stream"] == f"feed/{site.full_source}"
    assert decoded[1]["url"] == f"https://pub{site.full_source}.example/news/3"
    assert "<p>First paragraph 3.</p>" in decoded[1]["body"]
    assert decoded[1]["enclosures"] == [f"https://pub{site.full_source}.example/img/3.jpg"]
    assert all(i["crawl_time_msec"].isdigit() for i in decoded)
    # Read the excerpt's article, starred the third, subscribed to a feed in "World".
    assert got["after_subscribe"][unfollowed] == ["user/-/label/World"]
    assert got["unread_after_marks"] == [
        str(item(a)) for a in (site.elsewhere, third, second, first)
    ]
    assert got["unread_at_end"] == [str(item(site.elsewhere))]
    assert got["starred"] == [str(item(third))]

    # The store holds it ...
    ada = site.ada.id
    assert site.state.unread_item_ids(ada) == [item(site.elsewhere)]
    assert site.state.starred_item_ids(ada) == [item(third)]
    sub = site.state.subscription(ada, site.unfollowed_source)
    assert sub is not None and sub.folder == "World"
    # ... and the signed-in site shows it: read marks, the saved list, the follow.
    with signed_in(site) as browser:
        assert source_cards(browser, site.full_source) == {a: True for a in (first, second, third)}
        assert source_cards(browser, site.excerpt_source) == {excerpt: True}
        assert source_cards(browser, site.unfollowed_source) == {site.elsewhere: False}
        assert saved_on_account_page(browser) == [third]
        assert f"/en/source/{site.unfollowed_source}" in followed_on_account_page(browser)


def test_the_client_script_fails_loudly_on_a_refused_login(
    api_site: ApiSite, client_python: str
) -> None:
    """The script is no test that cannot fail: a bad password stops it, non-zero."""
    given = {
        "base": api_site.server.base,
        "username": "ada",
        "password": "wrong",
        "subscribe": "feed/1",
        "label": "X",
        "mark_feed": "feed/1",
    }
    done = subprocess.run(
        [client_python, str(SCRIPT), json.dumps(given)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert re.search(r"AuthenticationError", done.stderr)
    assert api_site.state.unread_item_ids(api_site.ada.id) != []  # nothing was marked
