"""Opening hours: is the kiosk open for patients now? No Qt here.

Times are local wall-clock times, so a day when the clocks change works as people
expect: "08:00-18:00" opens at eight on the clock on the wall, whatever the offset.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.model import WEEKDAYS, Schedule, minutes_of_range


def is_open(schedule: Schedule | None, now: datetime) -> bool:
    """Whether ``now`` (local time) is within the opening hours; no schedule: always."""
    if schedule is None:
        return True
    minute = now.hour * 60 + now.minute
    today = now.weekday()
    yesterday = (today - 1) % 7
    for day, ranges in schedule.open.items():
        index = WEEKDAYS.index(day)
        for text in ranges:
            start, end = minutes_of_range(text)
            overnight = end <= start
            if index == today and start <= minute and (overnight or minute < end):
                return True
            if index == yesterday and overnight and minute < end:
                return True  # the part of last night's range after midnight
    return False
