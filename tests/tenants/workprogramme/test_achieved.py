"""Issue 16 "Work programme": what each item actually achieved, and a public view of the programme."""

from __future__ import annotations

from flask import g

from tests.helpers import sign_in
from tests.helpers import page_text


def test_staff_record_what_an_item_achieved_and_the_public_sees_the_programme(client, world, db_kind):
    item_id = world.records["alpha"]["work_item_id"]
    url = f"/networks/alpha/work-programme/items/{item_id}/achieved"
    public = page_text(client.get("/networks/alpha/work-programme/public").get_data(as_text=True))
    assert "Long waits in A&E" in public and "What it achieved" not in public
    assert "Sam" not in public.split("What we are working on", 2)[2]  # no owner's name in public
    assert "What we are working on" in client.get("/networks/alpha/").get_data(as_text=True)
    sign_in(client, "member-a@example.org")
    assert client.post(url, data={"achieved": "x"}).status_code == 403
    g.pop("_login_user", None)
    staff = client.application.test_client()
    sign_in(staff, "staff-a@example.org")
    empty = staff.post(url, data={"achieved": "   "})
    assert "Enter what the work achieved" in empty.get_data(as_text=True)
    done = staff.post(url, data={"achieved": "Waits fell to <b>three</b> hours"}, follow_redirects=True)
    text = page_text(done.get_data(as_text=True))
    assert "What it achieved Waits fell to <b>three</b> hours" in text
    g.pop("_login_user", None)
    public = client.application.test_client().get("/networks/alpha/work-programme/public").get_data(as_text=True)
    assert "Waits fell to &lt;b&gt;three&lt;/b&gt; hours" in public
    beta = client.application.test_client().get("/networks/beta/work-programme/public").get_data(as_text=True)
    assert "Waits fell" not in beta
