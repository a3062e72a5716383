"""Sessions that end themselves, the front-desk reset, staff access, lock-down, faults."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk import __version__
from kiosk.guard import GuardTiming, KioskGuard, uptime_text
from kiosk.input_watch import is_closing_key
from kiosk.loader import ContentPack, load_pack
from kiosk.logs import FaultHandler, configure_logging
from kiosk.pin import PinGuard, set_pin

from .helpers import tap, touchscreen

FAST = GuardTiming(
    idle_ms=80,
    warning_ms=400,
    hold_ms=80,
    taps_window_ms=5000,
    staff_panel_ms=300,
    toast_ms=100,
    tick_ms=40,
)
#: Waits that tapping through screens cannot run out, however slow the machine: tests
#: build the guard with these and go to short ones (``guard.set_timing``) once their
#: set-up is done, right before they wait for the short one to run out.
CALM = GuardTiming(
    idle_ms=600_000,
    warning_ms=600_000,
    taps_window_ms=60_000,
    staff_panel_ms=600_000,
)
#: A short hold for the corner-gesture tests, everything else calm.
SHORT_HOLD = GuardTiming(idle_ms=600_000, warning_ms=600_000, hold_ms=300)


@pytest.fixture
def guarded(kiosk_ui, private_state: Path, pack_copy: Path):  # type: ignore[no-untyped-def]
    """A kiosk-mode window with its guard, calm timings and a private PIN folder."""

    guards: list[KioskGuard] = []

    def _build(  # type: ignore[no-untyped-def]
        timing: GuardTiming = CALM,
        kiosk_mode: bool = True,
        size: tuple[int, int] = (1920, 1080),
        content: ContentPack | None = None,
    ):
        window, router = kiosk_ui(size=size, content=content)
        guard = KioskGuard(
            router,
            timing,
            kiosk_mode=kiosk_mode,
            reload_content=lambda: load_pack(pack_copy),
            pin_guard=PinGuard(private_state),
            has_pin=lambda: (private_state / "staff-pin.json").exists(),
        )
        guards.append(guard)
        return window, router, guard

    yield _build
    for guard in guards:
        guard.shutdown()  # the app-wide event filter must not outlive the test


def _start_phq9(router) -> None:  # type: ignore[no-untyped-def]
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-phq9"))
    tap(router.check_intro.start_button)
    for choice in (3, 2, 1):
        tap(router.question.answer_buttons[choice])


def _assert_nothing_left(router) -> None:  # type: ignore[no-untyped-def]
    assert router.session.check is None
    assert not router.question.question.text()
    assert not router.result.band.text()
    for button in router.window.findChildren(QAbstractButton):
        assert not button.isChecked()
        assert not button.property("chosen"), "an answer is still shown as given"


def _corner(window) -> QPoint:  # type: ignore[no-untyped-def]
    return QPoint(window.width() - 10, 10)


def test_idle_shows_the_warning_then_resets_everything(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    _start_phq9(router)
    guard.set_timing(FAST)
    qtbot.waitUntil(guard.still_there.isVisible, timeout=3000)
    assert "seconds" in guard.still_there.body.text()
    assert guard.still_there.title.text() == "Are you still there?"
    qtbot.waitUntil(lambda: router.current_name() == "attract", timeout=3000)
    assert not guard.still_there.isVisible()
    _assert_nothing_left(router)


def _settled_grab(window):  # type: ignore[no-untyped-def]
    """A grab of the window once its layout has stopped moving."""
    previous = window.grab().toImage()
    for _ in range(20):
        QApplication.processEvents()
        current = window.grab().toImage()
        if current == previous:
            return current
        previous = current
    return previous


def test_the_warning_hides_the_last_patients_screen_entirely(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Nothing of the screen below is legible under "Are you still there?": the window
    looks the same whatever it covers."""
    window, router, guard = guarded()
    _start_phq9(router)
    guard.set_timing(GuardTiming(idle_ms=80, warning_ms=60_000, tick_ms=60_000))
    qtbot.waitUntil(guard.still_there.isVisible, timeout=3000)
    over_question = _settled_grab(window)
    router.window.stack.setCurrentWidget(router.home)  # something else entirely below
    over_home = _settled_grab(window)
    assert over_question == over_home
    assert guard.still_there.title.text() == "Are you still there?"


def test_the_countdown_is_visible_and_counts_down(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    _start_phq9(router)
    guard.set_timing(GuardTiming(idle_ms=50, warning_ms=3000, tick_ms=1000))
    qtbot.waitUntil(guard.still_there.isVisible, timeout=3000)
    assert guard.still_there.body.text() == (
        "To keep your answers private, this screen will start over in 3 seconds."
    )


def test_a_touch_during_the_countdown_keeps_the_session(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    _start_phq9(router)
    guard.set_timing(GuardTiming(idle_ms=80, warning_ms=60_000, tick_ms=1000))
    qtbot.waitUntil(guard.still_there.isVisible, timeout=3000)
    guard.set_timing(CALM)  # the next wait must not run out while the test looks
    tap(guard.still_there, QPoint(20, 20))  # a real touch, anywhere on the warning
    assert not guard.still_there.isVisible()
    assert router.session.check is not None
    assert router.session.check.choices[:3] == [3, 2, 1]
    assert window.stack.currentWidget() is router.question
    assert guard.watcher.idle_armed(), "the idle timer starts again"


def test_the_attract_loop_never_times_out(guarded) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    assert router.current_name() == "attract"
    assert not guard.watcher.idle_armed()


def test_holding_the_top_right_corner_resets_without_a_pin(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded(GuardTiming(idle_ms=60_000, warning_ms=60_000, hold_ms=150))
    _start_phq9(router)
    corner = _corner(window)
    with qtbot.waitSignal(guard.watcher.corner_held, timeout=3000):
        QTest.touchEvent(window, touchscreen()).press(0, corner, window).commit()
    QTest.touchEvent(window, touchscreen()).release(0, corner, window).commit()
    assert router.current_name() == "attract", "the lift after the hold must not tap anything"
    _assert_nothing_left(router)
    assert guard.toast.isVisible()
    assert guard.toast.text.text() == "The kiosk has been reset."


def test_the_lift_after_a_hold_taps_nothing_and_the_next_tap_works(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Held on the attract loop, which goes home at a release under the finger: the lift
    must not, and the next tap must (only that one lift is swallowed, never the mouse
    release Qt makes from every tap)."""
    window, router, guard = guarded(GuardTiming(idle_ms=60_000, warning_ms=60_000, hold_ms=150))
    corner = _corner(window)
    with qtbot.waitSignal(guard.watcher.corner_held, timeout=3000):
        QTest.touchEvent(window, touchscreen()).press(0, corner, window).commit()
    QTest.touchEvent(window, touchscreen()).release(0, corner, window).commit()
    QApplication.processEvents()
    assert router.current_name() == "attract", "the lift after the hold tapped the screen"
    tap(router.attract)
    assert router.current_name() == "home", "a tap after a hold must still tap"


def test_a_short_press_in_the_corner_does_not_reset(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded(GuardTiming(idle_ms=60_000, warning_ms=60_000, hold_ms=5000))
    _start_phq9(router)
    with qtbot.assertNotEmitted(guard.watcher.corner_held, wait=100):
        tap(window, _corner(window))
    assert router.session.check is not None


def test_five_corner_taps_open_the_pin_pad_which_explains_a_missing_pin(guarded) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    tap(router.attract)
    for _ in range(5):
        tap(window, _corner(window))
    assert guard.pin_pad.isVisible()
    assert "kiosk set-pin" in guard.pin_pad.message.text()
    assert not guard.pin_pad.digit_buttons["1"].isEnabled()
    assert not guard.staff.isVisible()


def _type_pin(guard, pin: str) -> None:  # type: ignore[no-untyped-def]
    for digit in pin:
        tap(guard.pin_pad.digit_buttons[digit])
    tap(guard.pin_pad.digit_buttons["OK"])


def test_the_right_pin_opens_the_staff_panel(guarded, private_state: Path) -> None:  # type: ignore[no-untyped-def]
    set_pin("2468", private_state)
    window, router, guard = guarded()
    tap(router.attract)
    for _ in range(5):
        tap(window, _corner(window))
    _type_pin(guard, "2468")
    assert not guard.pin_pad.isVisible()
    assert guard.staff.isVisible()
    status = guard.staff.status.text()
    assert "Content: valid." in status
    assert "Staff alerts are NOT SET UP: patients are sent to the front desk" in status
    assert "Every alert is seen." in status


def test_wrong_pins_lock_the_pad(guarded, private_state: Path) -> None:  # type: ignore[no-untyped-def]
    set_pin("2468", private_state)
    window, router, guard = guarded()
    guard.pin_pad.open_pad()
    _type_pin(guard, "1111")
    assert guard.pin_pad.message.text() == "That PIN is not right. 4 tries left."
    for _ in range(4):
        _type_pin(guard, "1111")
    assert "locked for 60 seconds" in guard.pin_pad.message.text()
    assert not guard.pin_pad.digit_buttons["2"].isEnabled()
    guard.pin_pad.enter("2468")
    assert not guard.staff.isVisible()


def test_the_staff_panel_closes_itself(guarded, private_state: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    set_pin("2468", private_state)
    window, router, guard = guarded(FAST)  # nothing to set up while the panel is open
    guard.pin_pad.open_pad()
    guard.pin_pad.enter("2468")
    assert guard.staff.isVisible()
    qtbot.waitUntil(lambda: not guard.staff.isVisible(), timeout=3000)


def test_staff_reset_and_reload(guarded, private_state: Path, pack_copy: Path) -> None:  # type: ignore[no-untyped-def]
    set_pin("2468", private_state)
    window, router, guard = guarded(
        GuardTiming(idle_ms=60_000, warning_ms=60_000, staff_panel_ms=60_000)
    )
    _start_phq9(router)
    guard.pin_pad.open_pad()
    guard.pin_pad.enter("2468")
    # A broken file: the panel names it, the kiosk keeps its content.
    settings = pack_copy / "settings.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("clinic_name:", "clinic_nam:"),
        encoding="utf-8",
    )
    tap(guard.staff.reload_button)
    assert "settings.yaml:3: unknown key 'clinic_nam'" in guard.staff.status.text()
    assert router.pack.settings.clinic_name == "KetaMD"
    # Fixed: the new content is shown.
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "clinic_nam: KetaMD", "clinic_name: Garden Clinic"
        ),
        encoding="utf-8",
    )
    tap(guard.staff.reload_button)
    assert "Content: valid." in guard.staff.status.text()
    assert router.pack.settings.clinic_name == "Garden Clinic"
    assert router.attract.clinic.text() == "Garden Clinic"
    guard.pin_pad.open_pad()
    guard.pin_pad.enter("2468")
    tap(guard.staff.reset_button)
    assert router.current_name() == "attract"
    _assert_nothing_left(router)


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_closing_keys_never_reach_the_kiosk(guarded, qtbot, key, modifiers) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    seen: list[int] = []
    window.keyPressEvent = lambda event: seen.append(event.key())  # type: ignore[method-assign]
    QTest.keyClick(window.windowHandle(), key, modifiers)
    assert key not in seen
    assert window.isVisible()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
    assert seen[-1] == Qt.Key.Key_A, "other keys pass"


def test_a_close_request_is_refused_in_kiosk_mode(guarded) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    assert not window.close()
    event = QCloseEvent()
    QApplication.sendEvent(window, event)
    assert not event.isAccepted()
    assert window.isVisible()


def test_windowed_preview_closes_normally(guarded) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded(kiosk_mode=False)
    assert window.close()


def test_staff_exit_closes_the_kiosk(guarded, private_state: Path) -> None:  # type: ignore[no-untyped-def]
    set_pin("2468", private_state)
    window, router, guard = guarded()
    guard.pin_pad.open_pad()
    guard.pin_pad.enter("2468")
    tap(guard.staff.exit_button)
    assert not window.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_resets(guarded, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    log_file = configure_logging(tmp_path / "log")
    window, router, guard = guarded()
    faults = FaultHandler(guard.recover_from_fault)
    faults.install()
    try:
        router.open_screen("trd")

        def broken_slot() -> None:
            raise RuntimeError("a bug in a slot")

        router.explainer.next_button.clicked.connect(broken_slot)
        tap(router.explainer.next_button)
    finally:
        faults.uninstall()
    assert faults.faults == 1
    assert router.current_name() == "attract"
    text = log_file.read_text(encoding="utf-8")
    assert "RuntimeError: a bug in a slot" in text
    assert "Traceback" in text
    labels = " ".join(label.text() for label in window.findChildren(QLabel))
    assert "Traceback" not in labels


def test_reloaded_timeouts_take_effect_without_a_restart(
    kiosk_ui, private_state: Path, pack_copy: Path, edit
) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    guard = KioskGuard(
        router,
        GuardTiming.from_settings(load_pack(pack_copy)),
        kiosk_mode=True,
        reload_content=lambda: load_pack(pack_copy),
        pin_guard=PinGuard(private_state),
        follow_pack_timeouts=True,
    )
    try:
        edit("settings.yaml", "idle_seconds: 60", "idle_seconds: 45")
        edit("settings.yaml", "warning_seconds: 20", "warning_seconds: 30")
        edit("settings.yaml", "support_idle_seconds: 180", "support_idle_seconds: 240")
        guard.reload()
        assert (guard.timing.idle_ms, guard.timing.support_idle_ms) == (45_000, 240_000)
        tap(router.attract)
        assert guard.watcher.idle_interval_ms() == 45_000
        guard._on_idle()
        assert guard.still_there.seconds_left() == 30
    finally:
        guard.shutdown()


# --- the corner gestures at their edges ---------------------------------------------------


def _touch(window, action: str, point: QPoint, finger: int = 0) -> None:  # type: ignore[no-untyped-def]
    sequence = QTest.touchEvent(window, touchscreen())
    getattr(sequence, action)(finger, point, window).commit()


@pytest.mark.parametrize(
    ("finger_moves", "held"),
    [
        (QPoint(0, 40), True),  # a finger wobbles: up to 40 px is still a hold
        (QPoint(-20, 20), True),
        (QPoint(0, 41), False),  # more is a drag
        (QPoint(-21, 20), False),  # counted across and down together
    ],
)
def test_a_hold_survives_a_wobble_but_not_a_drag(
    guarded, qtbot, finger_moves: QPoint, held: bool
) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    guard.set_timing(SHORT_HOLD)
    corner = _corner(window)
    if held:
        with qtbot.waitSignal(guard.watcher.corner_held, timeout=3000):
            _touch(window, "press", corner)
            _touch(window, "move", corner + finger_moves)
    else:
        with qtbot.assertNotEmitted(guard.watcher.corner_held, wait=900):
            _touch(window, "press", corner)
            _touch(window, "move", corner + finger_moves)
    _touch(window, "release", corner + finger_moves)


def test_a_second_finger_makes_a_pinch_not_a_hold(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    guard.set_timing(SHORT_HOLD)
    corner = _corner(window)
    with qtbot.assertNotEmitted(guard.watcher.corner_held, wait=900):
        QTest.touchEvent(window, touchscreen()).press(0, corner, window).commit()
        QTest.touchEvent(window, touchscreen()).stationary(0).press(
            1, QPoint(200, 200), window
        ).commit()
    QTest.touchEvent(window, touchscreen()).release(0, corner, window).release(
        1, QPoint(200, 200), window
    ).commit()


@pytest.mark.parametrize(
    ("size", "spot", "opens"),
    [
        # The corner is a square of 8 % of the shorter side (64 px at 1250x800) ...
        ((1250, 800), QPoint(1250 - 64, 63), True),
        ((1250, 800), QPoint(1250 - 64, 64), True),
        ((1250, 800), QPoint(1250 - 65, 0), False),
        ((1250, 800), QPoint(1249, 65), False),
        # ... and never smaller than a fingertip: 48 px on a small screen (8 % is 40).
        ((800, 500), QPoint(800 - 48, 47), True),
        ((800, 500), QPoint(800 - 49, 0), False),
    ],
)
def test_the_corner_is_measured_to_the_pixel(guarded, size, spot: QPoint, opens: bool) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded(size=size)
    tap(router.attract)
    for _ in range(5):
        tap(window, spot)
    assert guard.pin_pad.isVisible() is opens


def test_a_press_in_the_corner_that_lifts_outside_it_is_no_tap(guarded) -> None:  # type: ignore[no-untyped-def]
    """A finger that lands in the corner by chance and slides away is not knocking."""
    window, router, guard = guarded()
    tap(router.attract)
    corner = _corner(window)
    outside = corner + QPoint(-200, 150)
    for _ in range(5):
        _touch(window, "press", corner)
        _touch(window, "release", outside)
    assert not guard.pin_pad.isVisible()


def test_after_a_hold_the_finger_can_slide_and_lift_without_more_happening(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    guard.set_timing(GuardTiming(idle_ms=600_000, warning_ms=600_000, hold_ms=200))
    corner = _corner(window)
    swipes: list[int] = []
    guard.watcher.swiped.connect(swipes.append)
    with qtbot.waitSignal(guard.watcher.corner_held, timeout=3000):
        _touch(window, "press", corner)
    with qtbot.assertNotEmitted(guard.watcher.corner_tapped, wait=0):
        _touch(window, "move", corner + QPoint(-400, 100))
        _touch(window, "release", corner + QPoint(-400, 100))
    assert swipes == []
    assert router.current_name() == "attract"


def test_a_drag_out_of_the_corner_and_back_is_no_hold(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    guard.set_timing(SHORT_HOLD)
    corner = _corner(window)
    with qtbot.assertNotEmitted(guard.watcher.corner_held, wait=900):
        _touch(window, "press", corner)
        _touch(window, "move", corner + QPoint(-100, 0))
        _touch(window, "move", corner)
    _touch(window, "release", corner)


def _mouse(window, action: str, point: QPoint, button=Qt.MouseButton.LeftButton) -> None:  # type: ignore[no-untyped-def]
    """A real mouse event, sent to the window as the platform sends it."""
    handle = window.windowHandle()
    if action == "move":
        QTest.mouseMove(handle, point)
    else:
        send = getattr(QTest, f"mouse{action.capitalize()}")
        send(handle, button, Qt.KeyboardModifier.NoModifier, point)


def test_a_mouse_hold_in_the_corner_ends_when_the_mouse_drags_away(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    """With a mouse (a clinic PC without a touch screen) the hold works as with a finger."""
    window, router, guard = guarded()
    guard.set_timing(SHORT_HOLD)
    corner = _corner(window)
    with qtbot.waitSignal(guard.watcher.corner_held, timeout=3000):
        _mouse(window, "press", corner)
    _mouse(window, "release", corner)
    with qtbot.assertNotEmitted(guard.watcher.corner_held, wait=900):
        _mouse(window, "press", corner)
        _mouse(window, "move", corner + QPoint(-100, 0))
    _mouse(window, "release", corner + QPoint(-100, 0))


def test_right_clicks_in_the_corner_do_not_open_the_pin_pad(guarded) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    tap(router.attract)
    for button in [Qt.MouseButton.RightButton] * 5:
        _mouse(window, "press", _corner(window), button)
        _mouse(window, "release", _corner(window), button)
    assert not guard.pin_pad.isVisible()
    for _ in range(5):
        _mouse(window, "press", _corner(window))
        _mouse(window, "release", _corner(window))
    assert guard.pin_pad.isVisible()


@pytest.mark.parametrize(("fifth_tap_at", "opens"), [(5000, True), (5001, False)])
def test_five_corner_taps_count_within_their_window_only(
    guarded, fifth_tap_at: int, opens: bool
) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    guard.set_timing(GuardTiming(idle_ms=600_000, warning_ms=600_000, taps_window_ms=5000))
    now = {"ms": 1_000_000}  # a clock that has run a long time, as on a kiosk after weeks
    guard.watcher.now_ms = lambda: now["ms"]
    tap(router.attract)
    for at in (0, 1000, 2000, 3000, fifth_tap_at):
        now["ms"] = 1_000_000 + at
        tap(window, _corner(window))
    assert guard.pin_pad.isVisible() is opens


@pytest.mark.parametrize(
    ("key", "modifiers", "closing"),
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, True),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier, True),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier, False),
        (Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier, False),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier, True),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier, True),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.NoModifier, False),
        (Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier, False),
    ],
)
def test_only_the_closing_keys_are_taken_for_closing_keys(key, modifiers, closing: bool) -> None:  # type: ignore[no-untyped-def]
    event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers)
    assert is_closing_key(event) is closing


# --- why a session ended, and when the kiosk may change under a patient --------------------


def test_each_reset_says_why_it_happened(guarded, qtbot, private_state: Path) -> None:  # type: ignore[no-untyped-def]
    set_pin("2468", private_state)
    window, router, guard = guarded()
    reasons: list[str] = []
    guard.reset_done.connect(reasons.append)
    guard.front_desk_reset()
    guard.recover_from_fault()
    guard.pin_pad.open_pad()
    guard.pin_pad.enter("2468")
    tap(guard.staff.reset_button)
    assert reasons == ["front desk", "fault", "staff panel"]
    assert guard.toast.text.text() == "The kiosk has been reset."


def test_the_warning_button_says_what_the_pack_says(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    _start_phq9(router)
    guard.set_timing(FAST)
    qtbot.waitUntil(guard.still_there.isVisible, timeout=3000)
    assert guard.still_there.button.text() == "I'm still here"


def test_new_content_and_a_restart_wait_for_an_empty_kiosk(guarded) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    assert (guard.safe_to_swap(), guard.safe_to_restart()) == (True, True), "attract loop"
    tap(router.attract)
    assert (guard.safe_to_swap(), guard.safe_to_restart()) == (True, False), "home menu"
    router.open_screen("trd")
    assert (guard.safe_to_swap(), guard.safe_to_restart()) == (False, False), "reading"
    router.show_attract()
    guard.pin_pad.open_pad()
    assert (guard.safe_to_swap(), guard.safe_to_restart()) == (False, False), "staff at it"
    guard.pin_pad.hide()
    router.session.start_check("phq9", router.content.screens["phq9"])  # type: ignore[arg-type]
    assert (guard.safe_to_swap(), guard.safe_to_restart()) == (False, False), "a check"


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0, "0 d 0 h 0 min"), (59, "0 d 0 h 0 min"), (60, "0 d 0 h 1 min"),
     (3599, "0 d 0 h 59 min"), (3600, "0 d 1 h 0 min"), (86_399, "0 d 23 h 59 min"),
     (86_400, "1 d 0 h 0 min"), (2 * 86_400 + 3 * 3600 + 5 * 60 + 7, "2 d 3 h 5 min")],
)  # fmt: skip
def test_the_staff_panel_says_how_long_the_kiosk_has_run(seconds: int, said: str) -> None:
    assert uptime_text(seconds) == said


def test_the_staff_status_names_this_kiosk_and_its_content(guarded) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    status = guard.status()
    assert status.kiosk_name == router.pack.settings.kiosk_name
    assert status.version == __version__
    assert status.content_dir == str(router.pack.root.resolve())
    assert status.uptime == "0 d 0 h 0 min"
    assert (status.content_problems, status.config_problems) == ([], guard.config_problems)


def test_the_log_says_what_staff_did_and_why_the_content_stayed(  # type: ignore[no-untyped-def]
    guarded, pack_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    window, router, guard = guarded()
    settings = pack_copy / "settings.yaml"
    good = settings.read_text(encoding="utf-8")
    with caplog.at_level("INFO", logger="kiosk.guard"):
        guard.front_desk_reset()
        guard.reload()
        settings.write_text(good.replace("clinic_name:", "clinic_nam:"), encoding="utf-8")
        guard.reload()
        settings.write_text("", encoding="utf-8")
        guard._reload_content = lambda: 1 / 0  # a reload that fails in an unforeseen way
        guard.reload()
    said = [r.getMessage() for r in caplog.records if r.name == "kiosk.guard"]
    assert said == [
        "session reset: front desk",
        f"content reloaded from {pack_copy}",
        "reloaded content has 2 problems; keeping the old",
        "reloading content failed",
    ]
    assert guard.content_problems == ["ZeroDivisionError: division by zero"]


def test_the_resting_screen_says_what_the_pack_says(guarded, pack_copy: Path) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    ui = pack_copy / "en" / "ui.yaml"
    ui.write_text(
        ui.read_text(encoding="utf-8").replace(
            "resting: This screen is resting", "resting: This screen is taking a break"
        ),
        encoding="utf-8",
    )
    guard.reload()
    guard.rest(exit_after_ms=600_000)
    assert guard.resting.message.text() == (
        "This screen is taking a break — please ask at the front desk."
    )


def test_closing_the_pin_pad_or_the_panel_starts_the_idle_wait_again_except_on_attract(  # type: ignore[no-untyped-def]
    guarded, private_state: Path
) -> None:
    """Staff leave the pad or the panel open on a topic page: the page must still end by
    itself for the next patient. On the attract loop there is nothing to end."""
    set_pin("2468", private_state)
    window, router, guard = guarded()
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-trd"))
    guard.pin_pad.open_pad()
    guard.watcher.disarm_idle()  # as when the wait ran out while the pad was open
    tap(guard.pin_pad.cancel_button)
    assert guard.watcher.idle_armed()
    guard.pin_pad.open_pad()
    guard.pin_pad.enter("2468")
    assert not guard.watcher.idle_armed()
    tap(guard.staff.close_button)
    assert guard.watcher.idle_armed()
    router.reset_session()  # to the attract loop
    guard.pin_pad.open_pad()
    guard.watcher.disarm_idle()
    tap(guard.pin_pad.cancel_button)
    assert router.current_name() == "attract"
    assert not guard.watcher.idle_armed(), "the attract loop is never idle-reset"


def test_speech_ending_starts_the_idle_wait_only_where_a_patient_is(guarded) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()
    guard._on_speaking(True)
    assert not guard.watcher.idle_armed()
    guard._on_speaking(False)  # on the attract loop
    assert not guard.watcher.idle_armed()
    tap(router.attract)
    guard._on_speaking(True)
    guard.pin_pad.open_pad()
    guard._on_speaking(False)  # the pad is open: staff are there
    assert not guard.watcher.idle_armed()
    tap(guard.pin_pad.cancel_button)
    guard._on_speaking(True)
    guard._on_speaking(False)  # home, nothing open: a patient may have walked away
    assert guard.watcher.idle_armed()


def test_an_open_staff_panel_shows_content_news_at_once(guarded, private_state: Path) -> None:  # type: ignore[no-untyped-def]
    """Staff looking at the panel while an editor saves see the problem, then the fix,
    without closing and opening it again."""
    set_pin("2468", private_state)
    window, router, guard = guarded()
    guard.pin_pad.open_pad()
    guard.pin_pad.enter("2468")
    assert "Content: valid." in guard.staff.status.text()
    guard._content_rejected(["settings.yaml:3: unknown key 'clinic_nam'"])
    assert "settings.yaml:3: unknown key 'clinic_nam'" in guard.staff.status.text()
    guard.offer_pack(router.pack)
    assert "Content: valid." in guard.staff.status.text()
    assert guard.pending_pack is router.pack, "kept until the panel closes"


def test_resting_waits_half_a_minute_before_the_fresh_start(guarded) -> None:  # type: ignore[no-untyped-def]
    """What the fault handler calls (no argument): the pause that keeps a fault at start-up
    from restarting the kiosk in a tight loop."""
    from kiosk.guard import REST_BEFORE_EXIT_MS

    window, router, guard = guarded()
    guard.rest()
    try:
        assert guard._exit_timer.isActive()
        assert guard._exit_timer.interval() == REST_BEFORE_EXIT_MS == 30_000
    finally:
        guard._exit_timer.stop()  # the test process must not exit


# --- the staff's screens in the clinic's language ---


def test_staff_screens_speak_the_clinics_own_language(  # type: ignore[no-untyped-def]
    guarded, edit, pack_copy: Path, private_state: Path
) -> None:
    """A clinic whose default language is Spanish: its staff read the PIN pad, the panel
    and the reset notice in Spanish, even after a patient switched to English."""
    edit("settings.yaml", "default_language: en", "default_language: es")
    set_pin("2468", private_state)
    window, router, guard = guarded(content=load_pack(pack_copy))
    tap(router.attract)
    tap(window.access_bar.language)
    assert router.language == "en", "a patient chose English"
    for _ in range(5):
        tap(window, _corner(window))
    pad = guard.pin_pad
    assert pad.isVisible()
    assert pad.title.text() == "PIN del personal"
    assert pad.cancel_button.caption() == "Cancelar"
    assert pad.digit_buttons["⌫"].accessibleName() == "Borrar"
    for key in ("1", "1", "1", "1", "OK"):
        tap(pad.digit_buttons[key])
    assert pad.message.text() == "Ese PIN no es correcto. Quedan 4 intentos."
    for key in ("2", "4", "6", "8", "OK"):
        tap(pad.digit_buttons[key])
    panel = guard.staff
    assert panel.isVisible()
    assert panel.title.text() == "Panel del personal"
    assert panel.reset_button.caption() == "Reiniciar la sesión"
    status = panel.status.text()
    assert "Contenido: válido." in status
    assert "Las alertas al personal NO ESTÁN CONFIGURADAS" in status
    assert "Todas las alertas están vistas." in status
    assert "No hubo alertas desde que se inició el quiosco." in status
    assert "Carpeta del contenido: " in status
    tap(panel.reset_button)
    assert guard.toast.text.text() == "El quiosco se reinició."


def test_a_pack_without_staff_texts_keeps_them_in_english(guarded) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded()  # no PIN set
    tap(router.attract)
    tap(window.access_bar.language)  # a patient reading Spanish changes nothing for staff
    guard.open_pin_pad()
    assert guard.pin_pad.title.text() == "Staff PIN"
    assert "kiosk set-pin" in guard.pin_pad.message.text()
    guard.open_staff_panel()
    assert guard.staff.title.text() == "Staff panel"
    assert "Content: valid." in guard.staff.status.text()
