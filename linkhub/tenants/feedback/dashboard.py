"""The network home's community-voice panels: feedback this month, issues, fired triggers."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select

from linkhub.platform.charts import bar_chart
from linkhub.platform.db import db
from linkhub.platform.shell import dashboard_panel

from .models import CHANNELS, THEMES, Feedback


def _month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@dashboard_panel
def feedback_this_month(network):
    start = _month_start(datetime.now(timezone.utc))
    counts = lambda column: db.session.execute(  # noqa: E731
        select(column, func.count()).where(Feedback.received_at >= start).group_by(column).order_by(func.count().desc())
    ).all()
    by_channel = [(CHANNELS.get(k, k), n) for k, n in counts(Feedback.channel)]
    by_theme = [(THEMES.get(k, k), n) for k, n in counts(Feedback.theme)]
    return {
        "title": f"Feedback in {start.strftime('%B %Y')}",
        "template": "feedback/_panel.html",
        "total": sum(n for _, n in by_channel),
        "by_channel": by_channel,
        "by_theme": by_theme,
        "channel_chart": bar_chart("Feedback this month by channel", by_channel),
        "theme_chart": bar_chart("Feedback this month by theme", by_theme),
    }
