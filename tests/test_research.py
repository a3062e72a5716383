"""References on the research screen: authors, a DOI or a link, and the link printed under
its QR code for a patient without a phone camera."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.model import Article
from kiosk.views.research import Citation, QrCode

DOI = "10.1038/s41398-021-01230-z"
ARTICLE = {"title": "Oral Ketamine", "source": "Translational Psychiatry", "year": 2021}


def _problems(**keys: Any) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as refused:
        Article.model_validate({**ARTICLE, **keys})
    return [(error["loc"], error["msg"]) for error in refused.value.errors()]


# --- the model -------------------------------------------------------------------------


def test_a_doi_gives_the_link_to_doi_org_and_authors_are_kept() -> None:
    keys = {**ARTICLE, "authors": "Can et al.", "doi": DOI}
    article = Article.model_validate(keys)
    assert article.link == f"https://doi.org/{DOI}"
    assert (article.doi, article.authors) == (DOI, "Can et al.")
    # Written as before DOIs were known: "link: null" beside the DOI.
    assert Article.model_validate({**keys, "link": None}) == article


def test_without_a_doi_the_link_is_as_written_and_authors_are_optional() -> None:
    article = Article.model_validate({**ARTICLE, "link": "https://www.nimh.nih.gov/rapid"})
    assert (article.link, article.doi, article.authors) == (
        "https://www.nimh.nih.gov/rapid",
        None,
        None,
    )


@pytest.mark.parametrize("doi", [None, "absent"])
def test_without_a_doi_link_must_still_be_written(doi: str | None) -> None:
    """`link: null` says that nobody checked a link; a missing key may be a forgotten one."""
    keys = {} if doi == "absent" else {"doi": doi}
    assert _problems(**keys) == [(("link",), "Field required")]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        (f"https://doi.org/{DOI}", f'write only the part after doi.org/, like doi: "{DOI}"'),
        (f"http://dx.doi.org/{DOI}", f'write only the part after doi.org/, like doi: "{DOI}"'),
        (f"doi.org/{DOI}", f'write only the part after doi.org/, like doi: "{DOI}"'),
        (f"doi:{DOI}", f'write it without "doi:", like doi: "{DOI}"'),
        ("PMC8311508", "must be a DOI like 10.1038/s41398-021-01230-z"),
        ("10.1038", "must be a DOI like"),
        ("10.12/abc", "must be a DOI like"),  # a registrant code has 4 digits or more
        ("10.1038/ s41398", "must be a DOI like"),
    ],
)
def test_a_doi_that_is_not_one_says_what_to_write(written: str, hint: str) -> None:
    [(where, message)] = _problems(doi=written)
    assert where == ("doi",)
    assert hint in message


def test_a_doi_with_registrant_subdivisions_is_a_doi() -> None:
    assert Article.model_validate({**ARTICLE, "doi": "10.1000.10/123"}).link == (
        "https://doi.org/10.1000.10/123"
    )


@pytest.mark.parametrize(
    ("link", "words"),
    [
        (
            "https://www.nature.com/articles/s41398-021-01230-z",
            "an article has a doi or a link, not both: keep doi",
        ),
        (f"https://doi.org/{DOI}", f"remove link: the kiosk makes https://doi.org/{DOI}"),
        ("https://doi.org/10.1176/appi.ajp", f"leads to another DOI than doi ({DOI})"),
    ],
)
def test_a_doi_beside_a_link_says_which_to_keep(link: str, words: str) -> None:
    [(where, message)] = _problems(doi=DOI, link=link)
    assert where == ("link",)
    assert words in message


def test_a_doi_beside_a_link_to_another_site_is_explained_in_full() -> None:
    [(_, message)] = _problems(doi=DOI, link="https://www.nature.com/articles/x")
    assert message == (
        "Value error, an article has a doi or a link, not both: keep doi (the QR code then "
        "leads to doi.org, which finds the article wherever it moves) and remove link; or, "
        "if patients should see the page at link instead, remove doi"
    )


def test_authors_are_plain_text_of_at_most_200_characters() -> None:
    assert Article.model_validate({**ARTICLE, "link": None, "authors": "A" * 200}).authors
    [(where, message)] = _problems(link=None, authors="A" * 201)
    assert where == ("authors",)
    assert "200" in message


# --- the screen ------------------------------------------------------------------------

ZERO_WIDTH_SPACE = "\u200b"
LONG_DOI = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
CLEVELAND = "https://www.cleveland.com/healthfit/2016/10/cleveland_clinic_unveils_its_t.html"


def _show(kiosk_ui, size: tuple[int, int], citations: list[Citation]):  # type: ignore[no-untyped-def]
    """The research screen at ``size``, showing ``citations``."""
    window, router = kiosk_ui(size=size)
    router.open_screen("research")
    router.research.set_content("Research", "Intro", citations, "Home", "Scan it")
    window.apply_sizes(router.research)
    QApplication.processEvents()
    return window, router.research


def _printed(card: QWidget) -> QLabel:
    printed = card.findChild(QLabel, "printed-link")
    assert printed is not None
    return printed


def test_the_authors_come_before_source_and_year(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    cited = Citation("Oral Ketamine", "Translational Psychiatry · 2021", None, "Can et al.")
    window, research = _show(kiosk_ui, (1920, 1080), [cited])
    [card] = research.cards
    texts = [label.text() for label in card.findChildren(QLabel) if label.isVisibleTo(window)]
    # A line that wraps at a "·" ends with it (no-break spaces before them).
    assert texts == ["Oral Ketamine", "Can et al.\u00a0· Translational Psychiatry\u00a0· 2021"]
    assert card.accessibleName() == "Oral Ketamine. Can et al. · Translational Psychiatry · 2021"
    assert card.findChild(QLabel, "printed-link") is None  # no link, nothing to print


@pytest.mark.parametrize("size", [(1920, 1080), (800, 1280)])
def test_the_link_is_printed_large_at_the_foot_of_its_qr_code(kiosk_ui, size) -> None:  # type: ignore[no-untyped-def]
    """In portrait under the QR code, across the card; in landscape at the foot of the
    wide text column, level with the QR code's hint (the card grows no taller)."""
    citations = [
        Citation("Oral Ketamine", "Translational Psychiatry · 2021", f"https://doi.org/{DOI}"),
        Citation("Top 10", "Cleveland Clinic · 2016", CLEVELAND),
    ]
    window, research = _show(kiosk_ui, size, citations)
    portrait = size[1] > size[0]
    for card, short in zip(
        research.cards, [f"doi.org/{DOI}", CLEVELAND.removeprefix("https://")], strict=True
    ):
        printed = _printed(card)
        qr_column = card.findChild(QWidget, "qr-holder")
        assert printed.text().replace(ZERO_WIDTH_SPACE, "") == short
        where, beside = printed.geometry(), qr_column.geometry()
        if portrait:
            assert where.top() > beside.bottom()
            assert where.right() >= beside.left(), "it spans the card, under the QR code too"
        else:
            assert where.right() < beside.left()
            assert beside.bottom() - where.height() < where.top() <= beside.bottom()
        # As large as the body text of every other screen, and read by screen readers.
        assert printed.fontInfo().pixelSize() >= window.sizes.body
        assert printed.accessibleName() == short
        assert card.accessibleDescription() == short


def test_turning_the_screen_moves_the_printed_link(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    link = f"https://doi.org/{DOI}"
    window, research = _show(kiosk_ui, (1920, 1080), [Citation("Title", "Source", link)])
    [card] = research.cards
    printed, qr_column = _printed(card), card.findChild(QWidget, "qr-holder")
    assert printed.geometry().top() <= qr_column.geometry().bottom()
    window.resize(800, 1280)
    QApplication.processEvents()
    assert printed.geometry().top() > qr_column.geometry().bottom()


@pytest.mark.parametrize(
    "link",
    [
        f"https://doi.org/{LONG_DOI}",
        # No "/" or "-" for 60 characters: Qt would find no place to break it.
        "https://example.org/ketamine_for_depression_a_tale_of_two_enantiomers_reviewed.html",
    ],
)
def test_a_long_link_wraps_inside_its_card_on_a_portrait_tablet(kiosk_ui, link: str) -> None:  # type: ignore[no-untyped-def]
    window, research = _show(kiosk_ui, (800, 1280), [Citation("Title", "Source", link)])
    window.access_bar.larger_text.setChecked(True)
    QApplication.processEvents()
    [card] = research.cards
    printed = _printed(card)
    assert card.width() <= research.list_area.viewport().width()
    assert printed.width() <= card.contentsRect().width()
    assert printed.minimumSizeHint().width() <= printed.width(), "one piece is too wide"
    lines = printed.height() / printed.fontMetrics().lineSpacing()
    assert lines >= 2, "it must wrap, not run off the card"
    assert printed.height() >= printed.heightForWidth(printed.width()), "nothing is cut off"


def test_the_qr_code_of_an_article_with_a_doi_leads_to_doi_org(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("research")
    articles = pack.language().screens["research"].articles
    with_doi = [(a, card) for a, card in zip(articles, router.research.cards, strict=True) if a.doi]
    assert len(with_doi) == 4
    for article, card in with_doi:
        [qr] = card.findChildren(QrCode)
        assert qr.link == f"https://doi.org/{article.doi}"
        assert qr.accessibleName() == qr.link
        assert _printed(card).accessibleName() == f"doi.org/{article.doi}"


def test_a_pasted_doi_address_is_explained_in_full() -> None:
    [(_, message)] = _problems(doi=f"https://doi.org/{DOI}")
    assert message == (
        f'Value error, write only the part after doi.org/, like doi: "{DOI}" '
        "(the kiosk makes the https://doi.org/ link itself)"
    )
