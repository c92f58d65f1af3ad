"""Labels on single items through the Google Reader API (issue #18), as Reeder, FeedMe,
Read You and NetNewsWire send them: ``edit-tag`` with ``user/-/label/NAME``, the label's
stream (its folder's feeds and its labelled items), the items' categories, ``tag/list``,
``rename-tag``, ``disable-tag`` and ``mark-all-as-read``; bad input changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import select

from tests.api.conftest import ApiSite, both_databases
from tests.readers import NOW
from tidings.api.ids import long_item_id
from tidings.store.schema import article_reads, item_labels, saved_articles

API = "/reader/api/0/"
LABEL = "user/-/label/"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


@pytest.fixture
def app(api_site: ApiSite) -> Iterator[httpx.Client]:
    """A client signed in as ada with her app password."""
    headers = {"Authorization": f"GoogleLogin auth={api_site.password}"}
    with httpx.Client(base_url=api_site.server.url(API), headers=headers, timeout=10) as client:
        yield client


def _post(app: httpx.Client, path: str, pairs: list[tuple[str, str]]) -> httpx.Response:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return app.post(path, content=urlencode(pairs), headers=form)


def _edit(app: httpx.Client, items: list[int], *tags: tuple[str, str]) -> httpx.Response:
    return _post(app, "edit-tag", [*(("i", long_item_id(i)) for i in items), *tags])


def _ids(app: httpx.Client, stream: str, **params: Any) -> list[int]:
    response = app.get("stream/items/ids", params={"s": stream, "n": 100, **params})
    assert response.status_code == 200, response.text
    return [int(r["id"]) for r in response.json()["itemRefs"]]


def _labels(site: ApiSite) -> list[tuple[str, str]]:
    with site.repo.engine.connect() as conn:
        return sorted(conn.execute(select(item_labels.c.article_id, item_labels.c.label)).all())


def _written(site: ApiSite) -> tuple[Any, ...]:
    with site.repo.engine.connect() as conn:
        reads = conn.execute(select(article_reads.c.article_id, article_reads.c.read)).all()
        saved = conn.execute(select(saved_articles.c.article_id)).scalars().all()
    return sorted(reads), sorted(saved), _labels(site)


@both_databases
def test_edit_tag_adds_and_removes_a_label_with_read_and_starred(
    api_site: ApiSite, app: httpx.Client
) -> None:
    one, excerpt, elsewhere = api_site.articles[0], api_site.articles[3], api_site.elsewhere
    items = [api_site.item(a) for a in (one, excerpt, elsewhere)]
    added = _edit(app, items, ("a", LABEL + " Later "), ("a", READ), ("a", STARRED))
    assert added.status_code == 200 and added.text == "OK"
    assert _labels(api_site) == sorted((a, "Later") for a in (one, excerpt, elsewhere))
    ada = api_site.ada.id
    assert api_site.state.read_article_ids(ada, [one, excerpt, elsewhere]) == {
        one,
        excerpt,
        elsewhere,
    }
    assert sorted(api_site.state.starred_item_ids(ada)) == sorted(items)
    # A second label, a numbered user, one taken off; the other label stays.
    assert _edit(app, items[:1], ("a", "user/1234/label/Bridges")).text == "OK"
    assert _edit(app, items[1:], ("r", LABEL + "Later"), ("r", READ)).text == "OK"
    assert _labels(api_site) == sorted([(one, "Later"), (one, "Bridges")])
    assert api_site.state.read_article_ids(ada, [one, excerpt, elsewhere]) == {one}


@both_databases
def test_a_label_stream_is_its_labelled_items_then_with_a_folder_of_that_name(
    api_site: ApiSite, app: httpx.Client
) -> None:
    items = [api_site.item(a) for a in api_site.articles]
    elsewhere = api_site.item(api_site.elsewhere)
    assert app.get("stream/items/ids", params={"s": LABEL + "Later"}).status_code == 404
    _edit(app, [items[3], elsewhere], ("a", LABEL + "Later"))
    # Only on items: those items, the unfollowed feed's one too, newest first.
    assert _ids(app, LABEL + "Later") == [elsewhere, items[3]]
    assert _ids(app, LABEL + "Later", r="o") == [items[3], elsewhere]
    contents = app.get(f"stream/contents/{LABEL}Later").json()
    assert contents["id"] == LABEL + "Later" and contents["title"] == "Later"
    assert [i["id"] for i in contents["items"]] == [long_item_id(elsewhere), long_item_id(items[3])]
    # A folder's name on an item of another feed: the folder's items and that one, paged
    # on the item id through the continuation.
    _edit(app, [items[3]], ("a", LABEL + "Bridges"))
    assert _ids(app, LABEL + "Bridges") == sorted(items, reverse=True)
    first = app.get("stream/items/ids", params={"s": LABEL + "Bridges", "n": 3}).json()
    more = {"s": LABEL + "Bridges", "n": 3, "c": first["continuation"]}
    second = app.get("stream/items/ids", params=more).json()
    assert [int(r["id"]) for r in first["itemRefs"] + second["itemRefs"]] == sorted(
        items, reverse=True
    )
    page = app.get(f"stream/contents/{LABEL}Bridges", params={"n": 2}).json()
    assert [i["id"] for i in page["items"]] == [long_item_id(i) for i in (items[3], items[2])]
    later = app.get(
        f"stream/contents/{LABEL}Bridges", params={"n": 2, "c": page["continuation"]}
    ).json()
    assert [i["id"] for i in later["items"]] == [long_item_id(i) for i in (items[1], items[0])]
    # Filters hold for the labelled items too.
    api_site.state.set_read(api_site.ada.id, [api_site.articles[3]], True, now=NOW)
    assert _ids(app, LABEL + "Bridges", xt=READ) == sorted(items[:3], reverse=True)
    assert _ids(app, LABEL + "Later", it=READ) == [items[3]]


@both_databases
def test_categories_carry_the_items_labels_and_the_folder_once(
    api_site: ApiSite, app: httpx.Client
) -> None:
    first, excerpt = (api_site.item(a) for a in (api_site.articles[0], api_site.articles[3]))
    _edit(app, [first], ("a", LABEL + "Bridges"), ("a", LABEL + "Later"))
    _edit(app, [excerpt], ("a", LABEL + "Later"))
    got = _post(app, "stream/items/contents", [("i", str(first)), ("i", str(excerpt))])
    one, two = got.json()["items"]
    labels = [c for c in one["categories"] if c.startswith(LABEL)]
    assert labels == [LABEL + "Bridges", LABEL + "Later"]
    assert [c for c in two["categories"] if c.startswith(LABEL)] == [LABEL + "Later"]


def test_tag_list_names_folders_and_item_labels(api_site: ApiSite, app: httpx.Client) -> None:
    before = app.get("tag/list", params={"output": "json"})
    _edit(app, [api_site.item(api_site.articles[3])], ("a", LABEL + "Bridges"))
    _edit(app, [api_site.item(api_site.articles[3])], ("a", LABEL + "Later"))
    after = app.get("tag/list", params={"output": "json"})
    assert after.headers["etag"] != before.headers["etag"]
    tags = after.json()["tags"]
    assert [t for t in tags if t["id"].startswith(LABEL)] == [
        {"id": LABEL + "Bridges", "type": "folder"},
        {"id": LABEL + "Later", "type": "tag"},
    ]


@both_databases
def test_rename_and_disable_tag_change_folders_and_item_labels(
    api_site: ApiSite, app: httpx.Client
) -> None:
    ada = api_site.ada.id
    excerpt = api_site.articles[3]
    _edit(app, [api_site.item(excerpt)], ("a", LABEL + "Bridges"), ("a", LABEL + "Later"))
    renamed = _post(app, "rename-tag", [("s", LABEL + "Bridges"), ("dest", LABEL + "Spans")])
    assert renamed.text == "OK"
    assert api_site.state.folders(ada) == ["Spans"]
    assert api_site.state.item_labels(ada, [excerpt]) == {excerpt: ["Later", "Spans"]}
    # A label only on items is renamed too, onto one it already has (they merge).
    assert _post(app, "rename-tag", [("s", LABEL + "Later"), ("dest", "Spans")]).text == "OK"
    assert api_site.state.item_labels(ada, [excerpt]) == {excerpt: ["Spans"]}
    assert _post(app, "rename-tag", [("s", LABEL + "Later"), ("dest", "X")]).status_code == 404
    assert _post(app, "disable-tag", [("s", LABEL + "Spans")]).text == "OK"
    assert api_site.state.folders(ada) == [] and _labels(api_site) == []
    assert api_site.state.subscription(ada, api_site.full_source) is not None
    _edit(app, [api_site.item(excerpt)], ("a", LABEL + "Later"))
    assert _post(app, "disable-tag", [("t", "Later")]).text == "OK"
    assert _labels(api_site) == []
    assert _post(app, "disable-tag", [("s", LABEL + "Later")]).status_code == 404


@both_databases
def test_mark_all_as_read_of_a_label_reads_its_labelled_items(
    api_site: ApiSite, app: httpx.Client
) -> None:
    ada = api_site.ada.id
    made = [*api_site.articles, api_site.elsewhere]
    _edit(app, [api_site.item(a) for a in made[3:]], ("a", LABEL + "Later"))
    # Up to the excerpt's discovery (minute 4): it, not the unfollowed feed's (minute 5).
    fourth = int((NOW + timedelta(minutes=4)).timestamp())
    marked = _post(app, "mark-all-as-read", [("s", LABEL + "Later"), ("ts", str(fourth))])
    assert marked.text == "OK"
    assert api_site.state.read_article_ids(ada, made) == {made[3]}
    assert _post(app, "mark-all-as-read", [("s", LABEL + "Later")]).text == "OK"
    assert api_site.state.read_article_ids(ada, made) == {made[3], made[4]}
    # A folder's name on an item elsewhere: the folder's feeds and that item.
    api_site.state.set_read(ada, made[3:], False, now=NOW)
    _edit(app, [api_site.item(made[4])], ("a", LABEL + "Bridges"))
    assert _post(app, "mark-all-as-read", [("s", LABEL + "Bridges")]).text == "OK"
    assert api_site.state.read_article_ids(ada, made) == {*made[:3], made[4]}


@both_databases
@pytest.mark.parametrize(
    "tags",
    [
        [("a", LABEL)],  # no name
        [("a", LABEL + "   ")],
        [("a", READ), ("a", LABEL + "x" * 121)],  # too long, with a valid change
        [("r", "user/-/label/")],
        [("a", LABEL + "Later"), ("a", "user/-/state/com.google/broadcast")],
    ],
)
def test_a_bad_label_is_a_400_and_writes_nothing(
    api_site: ApiSite, app: httpx.Client, tags: list[tuple[str, str]]
) -> None:
    before = _written(api_site)
    response = _edit(app, [api_site.item(api_site.articles[0])], *tags)
    assert response.status_code == 400, response.text
    assert _written(api_site) == before


@both_databases
def test_an_unknown_item_is_a_404_and_writes_nothing(api_site: ApiSite, app: httpx.Client) -> None:
    before = _written(api_site)
    known = api_site.item(api_site.articles[0])
    response = _edit(app, [known, 12345], ("a", LABEL + "Later"), ("a", READ))
    assert response.status_code == 404
    assert _written(api_site) == before
    # A label of 120 characters is a label.
    assert _edit(app, [known], ("a", LABEL + "x" * 120)).text == "OK"
    assert _labels(api_site) == [(api_site.articles[0], "x" * 120)]
