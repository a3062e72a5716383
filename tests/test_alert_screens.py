"""What the patient and the staff see of a staff alert: only the truth about delivery."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton

from kiosk.alert_watch import AlertWatch
from kiosk.alerts import StaffAlerter
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import load_pack
from kiosk.model import AlertDestinations
from kiosk.pin import PinGuard

from .helpers import tap
from .receivers import silent_server
from .webhook import webhook_server

TOLD = "We have let our team know. Someone will come to you."
FRONT_DESK = "Please go to the front desk now and show them this screen."
SENDING = "Letting our team know…"
CALM = GuardTiming(idle_ms=60_000, warning_ms=60_000, staff_panel_ms=60_000)


@pytest.fixture
def kiosk_with(kiosk_ui, private_state: Path, pack_copy: Path) -> Iterator[Callable[..., Any]]:  # type: ignore[no-untyped-def]
    """A guarded kiosk whose alerts go to the given addresses."""
    made: list[tuple[KioskGuard, StaffAlerter]] = []

    def _build(*urls: str, confirm_seconds: float = 5.0, content: Any = None):  # type: ignore[no-untyped-def]
        alerts = AlertDestinations(
            urls=list(urls), confirm_seconds=confirm_seconds, retry_budget_seconds=0
        )
        alerter = StaffAlerter(alerts, "Front room")
        window, router = kiosk_ui(alerter=alerter, content=content)
        guard = KioskGuard(
            router,
            CALM,
            kiosk_mode=True,
            reload_content=lambda: load_pack(pack_copy),
            pin_guard=PinGuard(private_state),
            alerter=alerter,
            alert_watch=router.findChild(AlertWatch),
        )
        made.append((guard, alerter))
        return window, router, guard, alerter

    yield _build
    for guard, alerter in made:
        guard.shutdown()
        alerter.shutdown()


def _to_support(router) -> None:  # type: ignore[no-untyped-def]
    if router.current_name() == "attract":
        tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-quick-check"))
    tap(router.check_intro.start_button)
    for _ in range(9):
        tap(router.question.answer_buttons[0])
    tap(router.question.answer_buttons[1])
    assert router.window.stack.currentWidget() is router.support


def _status(router) -> str:  # type: ignore[no-untyped-def]
    label = router.support.staff_status
    return label.text() if label is not None and label.isVisibleTo(router.support) else ""


def test_staff_are_said_to_know_only_once_delivery_is_confirmed(kiosk_with, qtbot) -> None:  # type: ignore[no-untyped-def]
    with webhook_server() as (url, received):
        window, router, guard, alerter = kiosk_with(url.replace("http://", "json://"))
        _to_support(router)
        assert _status(router) in (SENDING, TOLD)
        qtbot.waitUntil(lambda: _status(router) == TOLD, timeout=10_000)
    assert received.attempts == 1


def test_no_destination_sends_the_patient_to_the_front_desk(kiosk_with) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, alerter = kiosk_with()
    _to_support(router)
    assert _status(router) == FRONT_DESK


def test_no_confirmation_in_time_sends_the_patient_to_the_front_desk(kiosk_with, qtbot) -> None:  # type: ignore[no-untyped-def]
    with silent_server() as stuck:
        window, router, guard, alerter = kiosk_with(stuck, confirm_seconds=0.3)
        # The support screen's line as it appears, then each time it changes: on a slow
        # machine the 0.3 s can run out before the test gets to look at the screen.
        lines: list[str] = []

        def record(*_: object) -> None:
            lines.append(_status(router))

        router.navigated.connect(record)
        router.findChild(AlertWatch).patient_status_changed.connect(record)
        _to_support(router)
        qtbot.waitUntil(lambda: _status(router) == FRONT_DESK, timeout=5000)
        assert [line for line in dict.fromkeys(lines) if line] == [SENDING, FRONT_DESK]
        tap(window.access_bar.language)  # and in Spanish
        assert _status(router) == "Por favor, vaya ahora a la recepción y muestre esta pantalla."


def test_while_the_alert_is_on_its_way_the_patient_cannot_send_another(kiosk_with) -> None:  # type: ignore[no-untyped-def]
    with silent_server() as stuck:
        window, router, guard, alerter = kiosk_with(stuck, confirm_seconds=60)
        _to_support(router)
        assert _status(router) == SENDING
        talk = router.support.talk_button
        assert talk is not None
        assert not talk.isEnabled(), "one alert at a time"
        alerter.shutdown()


def test_without_a_front_desk_line_the_support_screens_first_words_stand_in(  # type: ignore[no-untyped-def]
    kiosk_with, pack_copy: Path, edit
) -> None:
    edit("en/support.yaml", "go_to_front_desk:", "# go_to_front_desk:")
    pack = load_pack(pack_copy)
    support = pack.language("en").support
    assert support is not None
    assert support.go_to_front_desk is None
    window, router, guard, alerter = kiosk_with(content=pack)
    _to_support(router)
    assert _status(router) == support.paragraphs[0]


def test_the_next_patient_sees_nothing_of_it(kiosk_with, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, alerter = kiosk_with()
    _to_support(router)
    tap(router.support.leave_button)
    _to_support(router)  # a new patient: a new alert of their own
    assert _status(router) == FRONT_DESK
    assert len(alerter.records) == 2


def test_talk_to_someone_from_the_help_page(kiosk_with, qtbot) -> None:  # type: ignore[no-untyped-def]
    with webhook_server() as (url, received):
        window, router, guard, alerter = kiosk_with(url.replace("http://", "json://"))
        tap(router.attract)
        tap(router.home.findChild(QAbstractButton, "tile-suicidal-thoughts"))
        button = router.explainer.talk_button
        assert button is not None
        assert button.caption() == "Talk to someone now"
        tap(button)
        qtbot.waitUntil(lambda: router.explainer.staff_status.text() == TOLD, timeout=10_000)
        assert not button.isEnabled(), "once is enough"
        tap(button)
        alerter.shutdown()
    assert received.attempts == 1
    assert received.bodies[0]["title"] == "A patient asked to talk to someone"


def test_talk_to_someone_from_the_support_screen(kiosk_with, qtbot) -> None:  # type: ignore[no-untyped-def]
    with webhook_server() as (url, received):
        window, router, guard, alerter = kiosk_with(url.replace("http://", "json://"))
        _to_support(router)
        qtbot.waitUntil(lambda: _status(router) == TOLD, timeout=10_000)
        assert router.support.talk_button is not None
        assert not router.support.talk_button.isEnabled(), "staff already know"
    assert [e.event.value for e in alerter.records] == ["support_screen_shown"]


def test_other_pages_have_no_talk_button(kiosk_with) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, alerter = kiosk_with()
    router.open_screen("suicidal-thoughts", 1)
    assert router.explainer.talk_button is None


def test_the_staff_panel_shows_each_alert_and_how_it_went(kiosk_with, qtbot) -> None:  # type: ignore[no-untyped-def]
    with webhook_server() as (url, received), silent_server() as stuck:
        good = url.replace("http://", "json://")
        window, router, guard, alerter = kiosk_with(good, stuck)
        _to_support(router)
        qtbot.waitUntil(lambda: _status(router) == TOLD, timeout=10_000)
        guard.open_staff_panel()
        text = guard.staff.status.text()
        assert "Staff alerts go to: json://127.0.0.1" in text
        assert "alert 1 · A patient may need support now · delivered to 1 of 2, 1 still trying" in (
            text
        )
        assert f"    {good}: delivered" in text
        assert f"    {stuck}: sending" in text
        assert "Alerts not yet marked as seen: 1." in text
        tap(guard.staff.acknowledge_button)
        assert "Every alert is seen." in guard.staff.status.text()
        tap(guard.staff.test_alert_button)
        qtbot.waitUntil(
            lambda: (
                "alert 2 · TEST: kiosk staff alert · delivered to 1 of 2"
                in guard.staff.status.text()
            ),
            timeout=10_000,
        )


def test_the_staff_panel_says_when_alerts_are_not_set_up(kiosk_with) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, alerter = kiosk_with()
    guard.open_staff_panel()
    assert "Staff alerts are NOT SET UP" in guard.staff.status.text()
