"""A kiosk runs for months: thousands of interactions must leave nothing behind.

The short soak (2,000 interactions) runs with the suite; the full one (50,000) is
``pytest -m soak`` or ``python -m bench soak``.
"""

from __future__ import annotations

import pytest

from bench.soak import Soak

RSS_GROWTH_LIMIT_KIB = 5 * 1024


def _soak(qapp, interactions: int) -> None:  # type: ignore[no-untyped-def]
    soak = Soak(seed=11)
    try:
        result = soak.run(interactions)
    finally:
        soak.close()
    assert sum(result.counts.values()) == interactions
    assert {"tap_a_button", "swipe", "whole_check", "idle_reset"} <= set(result.counts)
    assert result.after.growth_over(result.before) == {
        "widgets": 0,
        "objects": 0,
        "active_timers": 0,
        "running_animations": 0,
    }
    if result.rss_growth_kib is not None:
        assert result.rss_growth_kib <= RSS_GROWTH_LIMIT_KIB


def test_two_thousand_interactions_leave_nothing_behind(qapp) -> None:  # type: ignore[no-untyped-def]
    _soak(qapp, 2000)


@pytest.mark.soak
def test_fifty_thousand_interactions_leave_nothing_behind(qapp) -> None:  # type: ignore[no-untyped-def]
    _soak(qapp, 50_000)
