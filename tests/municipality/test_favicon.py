"""Tertial has an icon: the pages link it and ``/favicon.ico`` leads to it (issue 11 item 13)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders


def test_favicon_ico_is_an_icon_for_anyone(client, db) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code in (301, 302)
    assert re.fullmatch(r"/static/img/favicon(\.[0-9a-f]+)?\.ico", response.url)
    path = finders.find("img/favicon.ico")
    with open(path, "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file's header


def test_every_page_links_the_icon(client, db) -> None:
    html = client.get("/login/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/img/favicon(\.[0-9a-f]+)?\.svg"', html)
    assert finders.find("img/favicon.svg")
