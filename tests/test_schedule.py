"""Opening hours as the clinic writes them (no Qt): on the minute, past midnight, across
a daylight-saving change, and refused with file and line when malformed."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.errors import ContentErrors
from kiosk.loader import load_pack
from kiosk.model import Schedule, minutes_of_range
from kiosk.schedule import is_open

NEW_YORK = ZoneInfo("America/New_York")


def local(text: str, zone: ZoneInfo = NEW_YORK, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone, fold=fold)


def hours(open_: dict[str, list[str]], **rest: object) -> Schedule:
    return Schedule.model_validate({"open": open_, **rest})


WEEKDAY = hours({"mon": ["08:00-12:00", "13:00-18:00"], "sat": ["09:00-13:00"]})


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2026-11-30 07:59", False),  # Monday, a minute before opening
        ("2026-11-30 08:00", True),  # opening minute
        ("2026-11-30 11:59", True),
        ("2026-11-30 12:00", False),  # the end of a range is closed
        ("2026-11-30 12:30", False),  # lunch
        ("2026-11-30 13:00", True),
        ("2026-11-30 17:59", True),
        ("2026-11-30 18:00", False),
        ("2026-12-01 10:00", False),  # Tuesday is left out: closed
        ("2026-12-05 09:30", True),  # Saturday
    ],
)
def test_the_schedule_opens_and_closes_on_the_minute(when: str, expected: bool) -> None:
    assert is_open(WEEKDAY, local(when)) is expected


def test_no_schedule_is_always_open_and_an_empty_one_always_closed() -> None:
    assert is_open(None, local("2026-11-29 03:00"))
    always_closed = hours({})
    assert not any(
        is_open(always_closed, local("2026-11-30 00:00") + timedelta(hours=h))
        for h in range(0, 7 * 24)
    )


def test_a_range_past_midnight_belongs_to_the_day_it_starts_on() -> None:
    night_shift = hours({"fri": ["22:00-02:00"], "sun": ["23:00-01:00"]})
    assert is_open(night_shift, local("2026-12-04 22:00"))  # Friday evening
    assert is_open(night_shift, local("2026-12-05 01:59"))  # Saturday, small hours
    assert not is_open(night_shift, local("2026-12-05 02:00"))
    assert not is_open(night_shift, local("2026-12-05 22:30"))  # Saturday has no range
    assert not is_open(night_shift, local("2026-12-04 01:00"))  # Thursday night: closed
    # Sunday's range runs into Monday: the week wraps.
    assert is_open(night_shift, local("2026-12-07 00:30"))
    assert not is_open(night_shift, local("2026-12-07 01:00"))


def test_a_daylight_saving_day_follows_the_clock_on_the_wall() -> None:
    sunday = hours({"sun": ["01:00-03:30", "08:00-18:00"]})
    # 8 March 2026: New York's clocks jump from 02:00 to 03:00.
    assert is_open(sunday, local("2026-03-08 01:59"))
    assert is_open(sunday, local("2026-03-08 03:15"))  # one real minute-hour later
    assert not is_open(sunday, local("2026-03-08 03:30"))
    assert is_open(sunday, local("2026-03-08 08:00"))
    # 1 November 2026: 01:00-02:00 happens twice; both are within the range.
    assert is_open(sunday, local("2026-11-01 01:30", fold=0))
    assert is_open(sunday, local("2026-11-01 01:30", fold=1))
    assert not is_open(sunday, local("2026-11-01 07:59"))
    # Walking the real instants of both days minute by minute: open exactly when the wall
    # clock reads a time in a range.
    for day in ("2026-03-08", "2026-11-01"):
        instant = local(f"{day} 00:00").astimezone(ZoneInfo("UTC"))
        end = instant + timedelta(hours=25)
        while instant < end:
            wall = instant.astimezone(NEW_YORK)
            minute = wall.hour * 60 + wall.minute
            in_range = 60 <= minute < 210 or 480 <= minute < 1080
            assert is_open(sunday, wall) is (in_range and wall.weekday() == 6), wall
            instant += timedelta(minutes=1)


@pytest.mark.parametrize(
    ("block", "said"),
    [
        ('    mon: ["25:00-26:00"]', "'25:00-26:00' has a time that does not exist"),
        ('    mon: ["8-12"]', 'write it like "08:00-12:00"'),
        ('    fry: ["08:00-12:00"]', "unknown day 'fry': write mon, tue"),
        (
            '    mon: ["08:00-12:00", "11:00-14:00"]',
            "mon 08:00-12:00 and mon 11:00-14:00 overlap: join them",
        ),
        (
            '    sun: ["22:00-03:00"]\n    mon: ["02:00-05:00"]',
            "sun 22:00-03:00 and mon 02:00-05:00 overlap",
        ),
    ],
)
def test_kiosk_validate_refuses_a_malformed_schedule_with_file_and_line(
    edit, pack_copy: Path, block: str, said: str
) -> None:
    edit("settings.yaml", "# Read aloud:", f"schedule:\n  open:\n{block}\n\n# Read aloud:")
    with pytest.raises(ContentErrors) as caught:
        load_pack(pack_copy)
    message = "\n".join(str(error) for error in caught.value.errors)
    assert said in message
    assert re.search(r"settings\.yaml:\d+", message), message


def test_a_valid_schedule_loads(edit, pack_copy: Path) -> None:
    edit(
        "settings.yaml",
        "# Read aloud:",
        'schedule:\n  open:\n    mon: ["08:00-12:00", "13:00-18:00"]\n    sun: ["22:00-02:00"]\n'
        "  closed_mode: off\n  wake_on_touch: false\n\n# Read aloud:",
    )
    schedule = load_pack(pack_copy).settings.schedule
    assert schedule is not None
    assert schedule.closed_mode == "off"
    assert not schedule.wake_on_touch


EXAMPLE = 'write it like "08:00-12:00" (24-hour clock, from-to)'


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("08:30-09:15", (510, 555)),
        ("23:59-24:00", (1439, 1440)),  # a range may end at midnight
        ("00:00-23:59", (0, 1439)),
        (" 22:00-02:00 ", (1320, 120)),  # past midnight; spaces around are forgiven
    ],
)
def test_a_range_is_read_to_the_minute(text: str, minutes: tuple[int, int]) -> None:
    assert minutes_of_range(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("24:00-01:00", f"'24:00-01:00' has a time that does not exist; {EXAMPLE}"),
        ("08:60-09:00", f"'08:60-09:00' has a time that does not exist; {EXAMPLE}"),
        ("08:00-09:60", f"'08:00-09:60' has a time that does not exist; {EXAMPLE}"),
        ("08:00-24:01", f"'08:00-24:01' has a time that does not exist; {EXAMPLE}"),
        ("08:00-25:00", f"'08:00-25:00' has a time that does not exist; {EXAMPLE}"),
        ("8-12", f"'8-12' is not a range of times; {EXAMPLE}"),
        ("09:30-09:30", "'09:30-09:30' starts and ends at the same time"),
    ],
)
def test_a_time_that_does_not_exist_is_refused_with_an_example(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        minutes_of_range(text)
    assert str(caught.value) == message


def test_the_last_minute_of_each_part_of_an_hour_is_allowed() -> None:
    assert minutes_of_range("23:59-23:00") == (1439, 1380)  # start at the very last minute
    assert minutes_of_range("00:59-01:00") == (59, 60)
