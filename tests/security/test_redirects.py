"""Issue 12, finding 3: ``next=`` (and the service-feedback ``from=``) is accepted only as a path
on this site, parsed with urllib, never string-prefixed: ``/%09/evil.example`` was ``//evil...``
to a browser, which drops tabs and newlines and reads a backslash as a slash."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import PASSWORD

SITE = "https://linkhub.example/networks/alpha/"
EVIL = [
    "/\t/evil.example/landed",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    " /evil",
    "/%09/evil.example",  # decoded once by the request; this spelling is a path on this site
    "///evil.example",
    "/\x00/evil.example",
    "http:/evil.example",
]


def browser_view(target: str) -> str:
    """Where a browser goes for a Location header: tabs and newlines removed, backslashes read
    as slashes, leading and trailing C0 controls and spaces stripped (WHATWG URL parser)."""
    cleaned = "".join(ch for ch in target if ch not in "\t\n\r").replace("\\", "/")
    cleaned = cleaned.strip("".join(chr(c) for c in range(0x21)))
    return urljoin(SITE, cleaned)


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_never_redirects_off_site(client, world, target):
    response = client.post(
        "/sign-in", query_string={"next": target}, data={"email": "admin-a@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert urlsplit(browser_view(location)).netloc == "linkhub.example", location


def test_sign_in_follows_a_same_site_next(client, world):
    response = client.post(
        "/sign-in",
        query_string={"next": "/networks/alpha/issues?page=2"},
        data={"email": "admin-a@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/networks/alpha/issues?page=2"


@pytest.mark.parametrize("target", EVIL)
def test_service_feedback_never_redirects_off_site(client, world, target):
    response = client.post("/service-feedback", query_string={"from": target}, data={"message": "Fine", "page": target})
    if response.status_code == 200:  # a control character in the page field: a field error
        assert b"Remove the control characters" in response.data
        return
    assert response.status_code == 302
    assert urlsplit(browser_view(response.headers["Location"])).netloc == "linkhub.example"


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(
        st.text(max_size=40),
        st.text(alphabet=st.sampled_from("/\\\t\n\r :.@%?#evil.example\x00\x0b\x0c"), max_size=25),
        st.builds(
            lambda a, b: a + b, st.sampled_from(["/", "//", "/\\", "\\", "/\t/", "http:", ""]), st.text(max_size=20)
        ),
    )
)
def test_same_site_path_never_leaves_the_site(target):
    from linkhub.platform.security import same_site_path

    path = same_site_path(target)
    if path is None:
        return
    assert path == target
    assert path.startswith("/") and not path.startswith("//")
    assert urlsplit(browser_view(path)).netloc == "linkhub.example", repr(path)
