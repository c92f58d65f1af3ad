"""A sync as a Google Reader app makes it, through the PyPI ``google-reader`` client (run
by tests/api/test_greader_real_client.py under Python >= 3.12, in a venv of its own).

One JSON argument in (``base``, ``username``, ``password``, ``subscribe``, ``label``,
``mark_feed``); one JSON object out on stdout with what the client decoded at each step.
Any client error ends it with a traceback and a non-zero exit.
"""

import json
import sys

import google_reader as gr


def _unread_ids(client, auth, page_size):
    """Every unread id, page by page through the continuation."""
    ids, pages, continuation = [], 0, None
    while True:
        page = client.get_stream_items_ids(
            auth,
            gr.STREAM_READING_LIST,
            limit=page_size,
            continuation=continuation,
            exclude_target=gr.STREAM_READ,
        )
        ids += [ref.id for ref in page.item_refs]
        pages += 1
        continuation = page.continuation
        if not continuation:
            return ids, pages


def main():
    args = json.loads(sys.argv[1])
    client = gr.Client(args["base"])
    try:
        client.login(args["username"], "not-" + args["password"])
        wrong_password = "accepted"
    except gr.AuthenticationError:
        wrong_password = "refused"
    auth = client.login(args["username"], args["password"])
    token = client.get_token(auth)
    user = client.get_user_info(auth)
    subscriptions = client.list_subscriptions(auth)
    tags = client.list_tags(auth)
    unread, pages = _unread_ids(client, auth, page_size=2)
    contents = client.get_stream_items_contents(auth, token, unread)
    items = contents.items
    # The first unread read, the second starred, by the long ids the contents carry.
    client.edit_tags(auth, token, [items[0].id], add_tags=[gr.STREAM_READ])
    client.edit_tags(auth, token, [items[1].id], add_tags=[gr.STREAM_STARRED])
    client.edit_subscription(
        auth,
        token,
        args["subscribe"],
        "subscribe",
        add_label_id=gr.get_label_id(args["label"]),
    )
    after_subscribe = client.list_subscriptions(auth)
    unread_after_marks, _ = _unread_ids(client, auth, page_size=100)
    client.mark_all_as_read(auth, token, args["mark_feed"])
    unread_at_end, _ = _unread_ids(client, auth, page_size=100)
    starred = client.get_stream_items_ids(auth, gr.STREAM_STARRED)
    json.dump(
        {
            "wrong_password": wrong_password,
            "user_name": user.user_name,
            "subscriptions": {s.id: [c.id for c in s.categories] for s in subscriptions},
            "tags": [t.id for t in tags],
            "unread": unread,
            "pages": pages,
            "items": [
                {
                    "id": i.id,
                    "title": i.title,
                    "stream": i.origin.stream_id,
                    "url": i.canonical[0].href,
                    "crawl_time_msec": i.crawl_time_msec,
                    "body": i.summary.content,
                    "enclosures": [e.url for e in i.enclosure],
                }
                for i in items
            ],
            "after_subscribe": {s.id: [c.id for c in s.categories] for s in after_subscribe},
            "unread_after_marks": unread_after_marks,
            "unread_at_end": unread_at_end,
            "starred": [ref.id for ref in starred.item_refs],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
