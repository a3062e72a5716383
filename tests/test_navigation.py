"""Moving through the kiosk by touch and by click: attract, home, pages, research."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QScroller

from kiosk.router import Timing
from kiosk.views.research import QrCode

from .helpers import click, flick_up, tap


def test_the_kiosk_starts_on_the_attract_loop(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    assert router.current_name() == "attract"
    assert router.attract.is_cycling()
    assert router.attract.start_label.text() == "Touch the screen to start"


def test_the_attract_loop_advances_and_wraps(kiosk_ui, qtbot, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(
        timing=Timing(slide_ms=20, fade_ms=0, slide_fade_ms=0, reading_pace=False)
    )
    slides = len(pack.settings.attract.screens)
    seen: list[str] = []

    def record() -> None:
        seen.append(router.attract.title.text())

    router.attract._timer.timeout.connect(record)
    # From its first slide again: the loop has been running while the window was shown,
    # and a slow machine may already have gone past a slide or two.
    router.show_attract()
    qtbot.waitUntil(lambda: len(seen) >= slides + 1, timeout=5000)
    first_titles = [s.title for _, s in pack.attract_screens()]
    assert seen[: slides - 1] == first_titles[1:]
    assert seen[slides - 1] == first_titles[0], "the loop starts over after its last slide"


def test_a_touch_on_the_attract_loop_goes_home(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    tap(router.attract)
    assert router.current_name() == "home"
    assert not router.attract.is_cycling(), "the loop stops once someone is using the kiosk"


def test_a_click_on_the_attract_loop_goes_home(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    click(router.attract)
    assert router.current_name() == "home"


def test_home_has_one_tile_per_menu_entry(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.show_home()
    labels = [tile.accessibleName() for tile in router.home.tiles]
    assert labels == [screen.tile for _, screen in pack.home_screens()]


def test_tapping_a_tile_opens_its_first_page(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    tap(router.attract)
    tile = router.home.findChild(type(router.home.tiles[0]), "tile-brain-garden")
    tap(tile)
    assert router.current_name() == "brain-garden"
    screen = pack.language().screens["brain-garden"]
    page = router.explainer.page
    assert page is not None
    assert (page.title, page.index, page.count) == (screen.pages[0].title, 0, len(screen.pages))
    assert router.explainer.position.text() == f"Page 1 of {len(screen.pages)}"


def test_next_back_and_home_move_through_a_topic(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("trd")
    explainer = router.explainer
    assert not explainer.back_button.isVisible(), "Home at the top already leads back"
    tap(explainer.next_button)
    assert router.place.page == 1
    assert explainer.back_button.isVisible()
    tap(explainer.back_button)
    assert router.place.page == 0
    click(explainer.next_button)
    click(explainer.home_button)
    assert router.current_name() == "home"


def test_next_after_the_last_page_opens_the_next_topic(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    menu = pack.settings.home_menu
    router.open_screen(menu[0])
    pages = len(pack.language().screens[menu[0]].pages)
    for _ in range(pages - 1):
        tap(router.explainer.next_button)
    assert router.explainer.next_button.caption() == "Next topic"
    tap(router.explainer.next_button)
    assert router.current_name() == menu[1]
    assert router.place.page == 0


def test_the_last_topic_leads_to_the_research_list_and_home(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    last_explainer = pack.settings.home_menu[-2]
    router.open_screen(last_explainer)
    for _ in range(len(pack.language().screens[last_explainer].pages)):
        tap(router.explainer.next_button)
    assert router.current_name() == "research"
    tap(router.research.home_button)
    assert router.current_name() == "home"


def test_research_lists_every_article_with_qr_codes_only_for_checked_links(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("research")
    research = pack.language().screens["research"]
    assert len(router.research.cards) == len(research.articles) == 12
    links = [a.link for a in research.articles if a.link]
    shown = [qr.link for qr in router.research.findChildren(QrCode)]
    assert shown == links


def _long_topic(kiosk_ui):  # type: ignore[no-untyped-def]
    """Symptoms in larger text on a tablet: both its pages are longer than the screen."""
    window, router = kiosk_ui(size=(1280, 800))
    tap(router.attract)
    tap(window.access_bar.larger_text)
    tap(router.home.findChild(QAbstractButton, "tile-symptoms"))
    area = router.explainer.text_area
    assert area.verticalScrollBar().maximum() > 0, "the first page must overflow"
    return window, router, area


def test_a_new_page_starts_at_the_top(kiosk_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, area = _long_topic(kiosk_ui)
    bar = area.verticalScrollBar()
    scroller = QScroller.scroller(area.viewport())
    flick_up(qtbot, area)
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=5000)
    assert bar.value() > 0, "the patient scrolled down"
    tap(router.explainer.next_button)
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)  # the next page overflows too
    assert bar.value() == 0


def test_a_page_turned_while_the_text_still_glides_starts_at_the_top(kiosk_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The patient flicks the text and taps Next before it has come to rest: the glide
    must not carry on into the next page (nor into the next screen, after Home)."""
    window, router, area = _long_topic(kiosk_ui)
    bar = area.verticalScrollBar()
    scroller = QScroller.scroller(area.viewport())
    for leave in (router.explainer.next_button, router.explainer.home_button):
        flick_up(qtbot, area)
        assert scroller.state() == QScroller.State.Scrolling, "still gliding"
        tap(leave)
        if leave is router.explainer.home_button:
            tap(router.home.findChild(QAbstractButton, "tile-symptoms"))
        qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
        qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=5000)
        assert bar.value() == 0, f"scrolled after {leave.objectName() or 'Next'}"


def test_a_tap_during_a_transition_is_neither_lost_nor_doubled(kiosk_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    # Long fades, so the taps certainly land while the old page is still fading out.
    window, router = kiosk_ui(timing=Timing(slide_ms=60_000, fade_ms=5_000, slide_fade_ms=5_000))
    router.open_screen("how-ketamine-works")
    tap(router.explainer.next_button)
    tap(router.explainer.next_button)
    assert router.place.page == 2
    overlay_blocks = [
        child
        for child in router.explainer.findChildren(type(router.explainer.topic))
        if child.isVisible()
        and not child.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        and child.pixmap() is not None
        and not child.pixmap().isNull()
    ]
    assert overlay_blocks == [], "a fading snapshot must never swallow a tap"


def test_content_text_is_never_rendered_as_html(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    window, router = kiosk_ui()
    router.open_screen("trd")
    for label in window.findChildren(QLabel):
        if label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def test_each_page_shows_its_illustration(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    tap(router.attract)
    tap(router.home.findChild(type(router.home.tiles[0]), "tile-brain-garden"))
    screen = pack.language().screens["brain-garden"]
    page = router.explainer.page
    assert page is not None
    assert page.image == pack.image_path(screen.pages[0].image or screen.image)
    assert router.explainer.image.has_image(), "the patient sees the picture"


def test_new_content_on_the_home_menu_keeps_the_patients_language(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    """Content arriving while a Spanish speaker looks at the menu stays in Spanish."""
    window, router = kiosk_ui()
    tap(router.attract)
    tap(window.access_bar.language)
    assert router.language == "es"
    router.replace_pack(pack)
    assert router.current_name() == "home"
    assert router.language == "es"
    spanish_tile = pack.language("es").screens["brain-garden"].tile
    tile = router.home.findChild(type(router.home.tiles[0]), "tile-brain-garden")
    assert spanish_tile in tile.accessibleName() or spanish_tile in tile.text()


def test_each_answer_tells_the_observers_where_the_patient_is(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    """Audio mode, usage counts and the idle guard follow ``navigated``; an answer that
    moves to the next question must say so, as a screen name they know."""
    window, router = kiosk_ui()
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-phq9"))
    tap(router.check_intro.start_button)
    places: list[str] = []
    router.navigated.connect(places.append)
    tap(router.question.answer_buttons[0])
    assert places == ["phq9:question"]


def test_each_article_names_its_authors_source_and_year_where_known(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    window, router = kiosk_ui()
    router.open_screen("research")
    articles = pack.language().screens["research"].articles
    for article, card in zip(articles, router.research.cards, strict=True):
        texts = [label.text().replace("\u00a0", " ") for label in card.findChildren(QLabel)]
        known = (article.authors, article.source, str(article.year or ""))
        expected = " · ".join(part for part in known if part)
        assert expected in texts, (article.title, texts)
    assert any(not a.year for a in articles), "the pack has an article without a year"
    assert any(a.year for a in articles)
    assert any(a.authors for a in articles), "the pack names some authors"
    assert any(not a.authors for a in articles)


def test_going_back_on_and_switching_language_tell_the_observers_where_too(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    """Back to the previous question, back to the intro, on from the support screen,
    another language, the next page: each says where the patient now is."""
    window, router = kiosk_ui()
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-phq9"))
    tap(router.check_intro.start_button)
    tap(router.question.answer_buttons[0])
    places: list[str] = []
    router.navigated.connect(places.append)
    tap(router.question.back_button)
    tap(router.question.back_button)
    assert places == ["phq9:question", "phq9"]
    places.clear()
    tap(router.check_intro.start_button)
    for _ in range(8):
        tap(router.question.answer_buttons[0])
    places.clear()
    tap(router.question.answer_buttons[1])  # item 9: the support screen
    tap(router.support.continue_button)
    assert places[-1] == "phq9:question", places
    places.clear()
    tap(window.access_bar.language)
    assert places == ["phq9:question"]
    router.end_session()
    router.open_screen("trd")
    places.clear()
    tap(router.explainer.next_button)
    assert places == ["trd"]


def test_each_screen_a_patient_opens_tells_the_observers_its_name(kiosk_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Usage counts, audio mode and the idle guard know each screen by the name
    ``navigated`` gives: the research list, a check's intro, its questions, its support
    screen; the safety signal names the check."""
    window, router = kiosk_ui()
    tap(router.attract)
    places: list[str] = []
    router.navigated.connect(places.append)
    tap(router.home.findChild(QAbstractButton, "tile-research"))
    tap(router.research.home_button)
    tap(router.home.findChild(QAbstractButton, "tile-phq9"))
    tap(router.check_intro.start_button)
    assert places == ["research", "home", "phq9", "phq9:question"]
    for _ in range(8):
        tap(router.question.answer_buttons[0])
    places.clear()
    with qtbot.waitSignal(router.safety_answered, timeout=1000) as safety:
        tap(router.question.answer_buttons[1])  # item 9, "Several days"
    assert safety.args == ["phq9"]
    assert places == ["phq9:support"]


def test_a_page_past_the_end_opens_the_last_page_and_before_the_start_the_first(  # type: ignore[no-untyped-def]
    kiosk_ui, pack
) -> None:
    window, router = kiosk_ui()
    pages = pack.language().screens["trd"].pages
    router.open_screen("trd", len(pages) + 5)
    assert router.place.page == len(pages) - 1
    assert router.explainer.position.text() == f"Page {len(pages)} of {len(pages)}"
    router.open_screen("trd", -3)
    assert router.place.page == 0


def test_the_buttons_of_a_page_say_where_they_lead(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    """The topic's name above every page; Back from the second page on; Next, then "Next
    topic" on the last page."""
    window, router = kiosk_ui()
    topic = pack.language().screens["trd"]
    assert len(topic.pages) >= 3, "the test needs a topic of three pages"
    router.open_screen("trd")
    explainer = router.explainer
    assert explainer.topic.text() == topic.title
    assert explainer.next_button.caption() == "Next"
    for page in range(1, len(topic.pages)):
        tap(explainer.next_button)
        assert explainer.topic.text() == topic.title
        assert explainer.back_button.caption() == "Back", f"page {page + 1}"
    assert explainer.next_button.caption() == "Next topic"


def test_the_last_topic_on_the_menu_ends_at_home(kiosk_ui, pack_copy, edit) -> None:  # type: ignore[no-untyped-def]
    """Without a research list at the end of the menu, the last topic's last page says
    Home and leads there."""
    from kiosk.loader import load_pack

    edit("settings.yaml", "  - research\n", "")
    pack = load_pack(pack_copy)
    last = pack.settings.home_menu[-1]
    window, router = kiosk_ui(content=pack)
    router.open_screen(last)
    for _ in range(len(pack.language().screens[last].pages) - 1):
        tap(router.explainer.next_button)
    assert router.explainer.next_button.caption() == "Home"
    tap(router.explainer.next_button)
    assert router.current_name() == "home"


def test_a_checks_intro_shows_its_credit_line_and_picture(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    window, router = kiosk_ui()
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-phq9"))
    phq9 = pack.language().screens["phq9"]
    assert phq9.credit
    texts = [label.text() for label in router.check_intro.findChildren(QLabel)]
    assert phq9.credit in texts
    assert router.check_intro.image.has_image(), "the patient sees the picture"


def test_the_research_list_shows_its_title_intro_articles_and_scan_hint(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    window, router = kiosk_ui()
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-research"))
    research = pack.language().screens["research"]
    texts = [label.text() for label in router.research.findChildren(QLabel)]
    assert router.research.title.text() == research.title
    assert research.intro in texts
    for article in research.articles:
        assert article.title in texts, article.title
    assert any("Scan with your phone camera" in text for text in texts)


def test_turning_larger_text_off_brings_the_text_back_to_normal(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("trd")
    tap(window.access_bar.larger_text)
    assert window.text_scale > 1.0
    tap(window.access_bar.larger_text)
    assert window.text_scale == 1.0


def test_new_content_anywhere_but_the_home_menu_starts_over(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    """Hot reload swaps only at safe moments; if the router is handed a pack while a
    patient reads a topic, that patient's session starts over rather than half-changing."""
    window, router = kiosk_ui()
    router.open_screen("trd")
    tap(router.explainer.next_button)
    router.replace_pack(pack)
    assert router.current_name() == "attract"
    assert router.place.screen_id is None


def test_a_result_asked_for_before_the_last_answer_ends_the_session(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-phq9"))
    tap(router.check_intro.start_button)
    tap(router.question.answer_buttons[2])
    router.show_result()
    assert router.current_name() == "home"
    assert router.session.check is None, "the half-finished answers are gone"


def test_the_attract_loop_shows_each_slides_words_and_picture(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    slides = router.attract.slides
    expected = [(s.title, s.summary, pack.image_path(s.image)) for _, s in pack.attract_screens()]
    assert [(s.title, s.summary, s.image) for s in slides] == expected
    assert router.attract.summary.text() == expected[0][1]
    assert router.attract.image.has_image(), "the patient sees the picture"


def test_the_home_menu_shows_its_heading_and_a_picture_on_every_tile(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    tap(router.attract)
    ui = pack.language().ui
    assert (router.home.title.text(), router.home.subtitle.text()) == (
        ui.home_title,
        ui.home_subtitle,
    )
    assert router.home.subtitle.text(), "the shipped pack has a subtitle"
    assert all(tile.image.has_image() for tile in router.home.tiles)
