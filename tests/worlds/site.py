"""Public site records in each test network: a profile, a published news post and an event."""

from datetime import datetime, timedelta, timezone

from linkhub.tenants.site import services as site


def build(w, network):
    site.save_profile(about=f"About {network.name}.", contact_email=f"hello@{network.slug}.example")
    post = site.add_news(title=f"{network.name} news", body="Something happened.")
    site.publish_news(post)
    event = site.add_event(
        title=f"{network.name} public meeting",
        starts_at=datetime.now(timezone.utc) + timedelta(days=10),
        place="Town hall",
    )
    return {"news_post_id": post.id, "site_event_id": event.id}
