"""Touch gestures, text size, contrast, read aloud and accessible names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.audio import AudioMode
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import load_pack
from kiosk.speech import Reader
from kiosk.theme import THEMES

from .helpers import tap, touchscreen

CALM = GuardTiming(idle_ms=600_000, warning_ms=600_000)


@pytest.fixture
def guarded_ui(kiosk_ui, pack_copy):  # type: ignore[no-untyped-def]
    made: list[KioskGuard] = []

    def _build(**kwargs):  # type: ignore[no-untyped-def]
        window, router = kiosk_ui(**kwargs)
        guard = KioskGuard(
            router, CALM, kiosk_mode=False, reload_content=lambda: load_pack(pack_copy)
        )
        made.append(guard)
        return window, router, guard

    yield _build
    for guard in made:
        guard.shutdown()


def _swipe(window, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    device = touchscreen()
    QTest.touchEvent(window, device).press(0, start, window).commit()
    middle = (start + end) / 2
    QTest.touchEvent(window, device).move(0, middle, window).commit()
    QTest.touchEvent(window, device).move(0, end, window).commit()
    QTest.touchEvent(window, device).release(0, end, window).commit()


def _text_point(router, x_share: float) -> QPoint:  # type: ignore[no-untyped-def]
    area = router.explainer.text_area
    local = QPoint(int(area.width() * x_share), area.height() // 3)
    return area.mapTo(router.window, local)


def test_a_finger_swipe_turns_pages_both_ways(guarded_ui) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded_ui()
    router.open_screen("how-ketamine-works")
    _swipe(window, _text_point(router, 0.8), _text_point(router, 0.1))
    assert router.place.page == 1
    _swipe(window, _text_point(router, 0.1), _text_point(router, 0.8))
    assert router.place.page == 0
    _swipe(window, _text_point(router, 0.1), _text_point(router, 0.8))
    assert router.current_name() == "how-ketamine-works", "a swipe back stays in the topic"


def test_a_mouse_drag_turns_pages_too(guarded_ui) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded_ui()
    router.open_screen("trd")
    handle = window.windowHandle()
    start, end = _text_point(router, 0.8), _text_point(router, 0.1)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(handle, end)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert router.place.page == 1


def test_a_short_or_vertical_drag_is_not_a_swipe(guarded_ui) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded_ui()
    router.open_screen("trd")
    start = _text_point(router, 0.5)
    _swipe(window, start, start + QPoint(-20, 0))
    _swipe(window, start, start + QPoint(-80, 300))
    assert router.place.page == 0


def test_a_swipe_that_starts_on_a_button_is_only_that_buttons_tap(guarded_ui) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded_ui()
    router.open_screen("how-ketamine-works")
    button = router.explainer.next_button
    start = button.mapTo(window, button.rect().center())
    _swipe(window, start, start + QPoint(-5, 0))  # a wobbly tap on Next
    assert router.place.page == 1, "exactly one page, never two"


def test_swipes_do_not_answer_questions(guarded_ui) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded_ui()
    router.open_screen("phq9")
    router.start_check()
    label = router.question.question
    start = label.mapTo(window, label.rect().center())
    _swipe(window, start, start + QPoint(-600, 0))
    assert router.session.check is not None
    assert router.session.check.position == 0


def test_larger_text_grows_every_font_and_reset_restores_it(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("trd")
    QApplication.processEvents()
    body = router.explainer.topic.fontInfo().pixelSize()
    tap(window.access_bar.larger_text)
    QApplication.processEvents()
    assert window.access_bar.larger_text.isChecked()
    assert router.explainer.topic.fontInfo().pixelSize() >= 1.3 * body
    router.reset_session()
    QApplication.processEvents()
    assert not window.access_bar.larger_text.isChecked()
    assert router.explainer.topic.fontInfo().pixelSize() == body


def test_high_contrast_switches_the_theme_until_the_session_ends(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.show_home()
    tap(window.access_bar.high_contrast)
    assert window.palette_in_use == THEMES["high-contrast"]
    assert THEMES["high-contrast"].background in window.styleSheet()
    router.reset_session()
    assert window.palette_in_use == THEMES["garden"]


def test_the_bar_is_on_every_patient_screen_but_not_the_attract_loop(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    assert not window.access_bar.isVisible()
    router.show_home()
    assert window.access_bar.isVisible()
    for sid in pack.settings.home_menu:
        router.open_screen(sid)
        assert window.access_bar.isVisible(), sid
    router.open_screen("phq9")
    router.start_check()
    assert window.access_bar.isVisible()


def test_read_aloud_speaks_the_page_with_the_mock_engine(kiosk_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    reader = router.findChild(AudioMode).reader
    assert reader.engine() == "mock"
    router.open_screen("trd")
    assert window.access_bar.read_aloud.isVisible()
    with qtbot.waitSignal(reader.speaking_changed, timeout=3000) as started:
        tap(window.access_bar.read_aloud)
    assert started.args == [True]
    assert window.access_bar.read_aloud.caption() == "Stop reading"
    assert reader.last_spoken.startswith("When depression does not lift")
    tap(window.access_bar.read_aloud)
    qtbot.waitUntil(lambda: not reader.is_speaking(), timeout=3000)
    assert window.access_bar.read_aloud.caption() == "Read aloud"


def test_read_aloud_is_hidden_without_a_speech_engine(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(reader=Reader(engine="no-such-engine"))
    router.show_home()
    assert not router.findChild(AudioMode).reader.available()
    assert not window.access_bar.read_aloud.isVisible()


def test_every_interactive_widget_has_an_accessible_name(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    states = [
        router.show_home,
        *(lambda s=s: router.open_screen(s) for s in pack.settings.home_menu),
    ]

    def in_check() -> None:
        router.open_screen("phq9")
        router.start_check()

    for show in [*states, in_check]:
        show()
        current = window.stack.currentWidget()
        for button in [
            *current.findChildren(QAbstractButton),
            *window.access_bar.findChildren(QAbstractButton),
        ]:
            if button.isVisibleTo(window):
                assert button.accessibleName().strip(), f"{button.objectName()} has no name"


def test_answers_are_buttons_whose_default_action_answers(kiosk_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Screen readers and switch access invoke an element's first action: for an answer,
    that must be "Press" (a check box's "Toggle" would not answer)."""
    from PySide6.QtGui import QAccessible, QAccessibleActionInterface

    window, router = kiosk_ui()
    router.open_screen("phq9")
    router.start_check()
    button = router.question.answer_buttons[3]
    interface = QAccessible.queryAccessibleInterface(button)
    assert interface.role() == QAccessible.Role.Button
    assert interface.text(QAccessible.Text.Name) == "Nearly every day"
    actions = interface.actionInterface()
    assert actions.actionNames()[0] == QAccessibleActionInterface.pressAction()
    with qtbot.waitSignal(router.question.answered, timeout=2000) as answered:
        actions.doAction(actions.actionNames()[0])
    assert answered.args == [3]
    assert router.session.check is not None
    assert router.session.check.choices[0] == 3


def test_a_swipe_is_measured_to_the_pixel(guarded_ui) -> None:  # type: ignore[no-untyped-def]
    """At 1250 px wide a swipe must cross 100 px (8 %), mostly sideways (more than 1.5
    times as far across as down); left is the next page (+1), right the one before (-1)."""
    window, router, guard = guarded_ui(size=(1250, 800))
    router.open_screen("trd")
    swipes: list[int] = []
    guard.watcher.swiped.connect(swipes.append)
    start = _text_point(router, 0.5)
    for move in (
        QPoint(-100, 0),  # exactly far enough: next page
        QPoint(100, 0),  # back
        QPoint(-99, 0),  # a pixel short: nothing
        QPoint(-150, 100),  # exactly 1.5 times: too steep, nothing
        QPoint(-150, 90),  # sideways enough: next page
    ):
        _swipe(window, start, start + move)
    assert swipes == [1, -1, 1]


def test_a_long_drag_that_starts_on_a_button_is_no_swipe(guarded_ui) -> None:  # type: ignore[no-untyped-def]
    """A finger that lands on Next and slides off it has not swiped the page."""
    window, router, guard = guarded_ui()
    router.open_screen("how-ketamine-works")
    swipes: list[int] = []
    guard.watcher.swiped.connect(swipes.append)
    button = router.explainer.next_button
    start = button.mapTo(window, button.rect().center())
    _swipe(window, start, start + QPoint(-300, 0))
    assert swipes == []


def test_a_watcher_that_was_shut_down_hears_nothing(guarded_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = guarded_ui()
    router.open_screen("trd")
    guard.watcher.shutdown()
    with qtbot.assertNotEmitted(guard.watcher.activity, wait=50):
        tap(router.explainer.text_area)


def test_on_a_narrow_screen_a_swipe_still_crosses_60_px(guarded_ui) -> None:  # type: ignore[no-untyped-def]
    """8 % of 600 px is 48 px: too little to tell a swipe from a finger that slid."""
    window, router, guard = guarded_ui(size=(600, 900))
    router.open_screen("trd")
    swipes: list[int] = []
    guard.watcher.swiped.connect(swipes.append)
    start = _text_point(router, 0.7)
    for move in (QPoint(-59, 0), QPoint(-60, 0)):
        _swipe(window, start, start + move)
    assert swipes == [1]


def test_with_a_mouse_the_scroll_bar_can_be_dragged(guarded_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A clinic PC with a mouse and no touch screen: the long page scrolls by its bar."""
    window, router, guard = guarded_ui(size=(1280, 800))
    router.open_screen("suicidal-thoughts")  # its first page overflows at 1280x800
    bar = router.explainer.text_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.maximum() > 0, timeout=2000)
    handle = window.windowHandle()
    start = bar.mapTo(window, QPoint(bar.width() // 2, 10))
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(handle, start + QPoint(0, 200))
    QTest.mouseRelease(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(0, 200)
    )
    assert bar.value() > 0
