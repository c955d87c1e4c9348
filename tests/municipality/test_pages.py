from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from municipality.access.choice import SESSION_PERIOD_KEY
from municipality.models import Role, RoleAssignment
from tests.factories import OrgUnitFactory, PeriodFactory, UserFactory


def test_pages_need_a_login(client, db) -> None:
    for url in ("/", "/ekonomi/", "/rapporter/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/login/") or response.url.startswith("/admin/login/")


def test_login_page_is_swedish(client, db) -> None:
    page = client.get("/login/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html
    assert 'for="id_username"' in html and 'for="id_password"' in html


def test_login_then_start_page(client, economist, open_period) -> None:
    response = client.post("/login/", {"username": "alice", "password": "correct horse battery"})
    assert response.status_code == 302
    assert response.url == reverse("municipality:start")
    page = client.get(response.url)
    html = page.content.decode()
    assert "Översikt" in html and "Ekonomi" in html and "Mål" in html and "Rapporter" in html
    assert "Administration" not in html  # economists have no admin
    assert "33,3&nbsp;%" in html  # T1: the benchmark after April
    assert "Ekonomi- och lönecenter" not in html  # start page lists committees, not units


def test_english_interface(client, economist, open_period) -> None:
    client.force_login(economist)
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Overview" in html and "Current period" in html


def test_logout(client, economist) -> None:
    client.force_login(economist)
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_failed_logins_are_throttled(client, economist) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/login/", {"username": "alice", "password": "correct horse battery"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_pages_are_sent_with_a_content_security_policy(client, economist) -> None:
    client.force_login(economist)
    policy = client.get("/")["Content-Security-Policy"].split("; ")
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_sessions_expire_after_inactivity(client, economist, open_period) -> None:
    idle = timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    with time_machine.travel("2019-05-02 08:00 +0200", tick=False) as traveller:
        client.post("/login/", {"username": "alice", "password": "correct horse battery"})
        traveller.shift(idle - timedelta(minutes=1))
        assert client.get("/").status_code == 200  # each request restarts the clock
        traveller.shift(idle - timedelta(minutes=1))
        assert client.get("/").status_code == 200
        traveller.shift(idle + timedelta(minutes=1))
        response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_unit_page_inside_and_outside(client, economist, org) -> None:
    client.force_login(economist)
    inside = client.get(reverse("municipality:unit", args=[org.sub_unit.pk]))
    assert inside.status_code == 200
    html = inside.content.decode()
    crumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index("breadcrumbs"))
    ]
    # Breadcrumbs run through the tree: committee, administration, department, the unit.
    order = ["Kommunstyrelsen", "Kommunledningskontoret", ">Ekonomi<", "Ekonomi- och lönecenter"]
    assert [crumbs.index(name) for name in order] == sorted(crumbs.index(n) for n in order)
    assert client.get(reverse("municipality:unit", args=[org.sibling.pk])).status_code == 403
    assert client.get(reverse("municipality:unit", args=[org.other_root.pk])).status_code == 403


def test_unit_tree_shows_only_visible_units(client, economist, org, open_period) -> None:
    client.force_login(economist)
    html = client.get(reverse("municipality:economy")).content.decode()
    assert "Ekonomi- och lönecenter" in html
    assert "Brandkåren" not in html and "Socialförvaltningen" not in html


def test_choosing_a_period(client, economist, open_period) -> None:
    other = PeriodFactory(kind="t2")
    client.force_login(economist)
    response = client.post(
        reverse("municipality:period-choose"), {"period": other.pk, "next": "/rapporter/"}
    )
    assert response.status_code == 302 and response.url == "/rapporter/"
    assert client.session[SESSION_PERIOD_KEY] == other.pk
    evil = client.post(
        reverse("municipality:period-choose"), {"period": other.pk, "next": "https://evil.example/"}
    )
    assert evil.url == reverse("municipality:start")


def _grow(org, n: int) -> None:
    for i in range(n):
        unit = OrgUnitFactory(committee=org.committee, parent=org.department)
        RoleAssignment.objects.create(user=UserFactory(), role=Role.ECONOMIST, unit=unit)
        OrgUnitFactory(committee=org.other_committee, parent=org.other_root, name=f"SN {i}")


@pytest.mark.parametrize(
    "url_name",
    ["municipality:economy", "municipality:goals", "municipality:start", "municipality:periods"],
)
def test_query_count_does_not_grow_with_the_organisation(
    client, controller, org, open_period, django_assert_max_num_queries, url_name: str
) -> None:
    client.force_login(controller)
    url = reverse(url_name)
    client.get(url)  # warm the session
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    _grow(org, 30)
    PeriodFactory(kind="t2")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_unit_page_queries_do_not_grow(
    client, controller, org, open_period, django_assert_max_num_queries
) -> None:
    client.force_login(controller)
    url = reverse("municipality:unit", args=[org.department.pk])
    client.get(url)
    with django_assert_max_num_queries(15) as small:
        client.get(url)
    _grow(org, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_admin_is_the_operators_only(client, operator, administrator, controller, org):
    urls = [
        reverse("admin:index"),
        reverse("admin:municipality_orgunit_changelist"),
        reverse("admin:municipality_user_changelist"),
        reverse("admin:municipality_reportingperiod_changelist"),
    ]
    client.force_login(operator)
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    # The administrator and the controller administer in the application, not here.
    for user in (administrator, controller):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_admin_shows_units_read_only(client, operator, org) -> None:
    client.force_login(operator)
    url = reverse("admin:municipality_orgunit_change", args=[org.department.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'name="name"' not in page.content
    response = client.post(url, {"committee": org.committee.pk, "code": "1030", "name": "X"})
    assert response.status_code == 403
    org.department.refresh_from_db()
    assert org.department.name == "Ekonomi"
    history = client.get(reverse("admin:municipality_orgunit_history", args=[org.department.pk]))
    assert history.status_code == 200


def test_a_unit_moved_keeps_the_paths_below_it(org) -> None:
    org.department.parent = org.sibling
    org.department.save()
    org.sub_unit.refresh_from_db()
    assert org.sub_unit.path.startswith(org.sibling.path)


def test_a_session_is_written_at_most_once_a_minute_while_used(
    client, economist, open_period
) -> None:
    from django.contrib.sessions.models import Session

    with time_machine.travel("2019-05-02 08:00 +0200", tick=False) as traveller:
        client.post("/login/", {"username": "alice", "password": "correct horse battery"})
        client.get("/")
        key = client.session.session_key
        first = Session.objects.get(session_key=key).expire_date
        traveller.shift(timedelta(seconds=30))
        client.get("/")
        assert Session.objects.get(session_key=key).expire_date == first  # not written again
        traveller.shift(timedelta(seconds=31))
        client.get("/")
        assert Session.objects.get(session_key=key).expire_date > first  # the clock restarts
