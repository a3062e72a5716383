"""Content that could freeze the kiosk or fill its disk is refused within seconds, and
the kiosk only ever draws what was checked, from a snapshot of its own files."""

from __future__ import annotations

import os
import struct
import sys
import time
import zlib
from pathlib import Path

import pytest

from kiosk.errors import ContentErrors
from kiosk.image_check import drawing_problems
from kiosk.last_good import SNAPSHOTS, keep_last_good, last_good_dir
from kiosk.loader import load_pack, validate_pack
from kiosk.validation import load_checked, load_for_showing


def _use_bomb() -> str:
    """3 KB of nested <use>: ten levels of tenfold fan-out, 10^10 shapes."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' viewBox="0 0 480 360" width="480" height="360"><defs>'
        '<rect id="a0" width="1" height="1"/>'
    ]
    for level in range(1, 11):
        uses = "".join(f'<use xlink:href="#a{level - 1}"/>' for _ in range(10))
        parts.append(f'<g id="a{level}">{uses}</g>')
    parts.append('</defs><use xlink:href="#a10"/></svg>')
    return "".join(parts)


def _big_png(width: int, height: int) -> bytes:
    """A real PNG: small on disk, huge once unpacked."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = (b"\0" + b"\0" * (width * 3)) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _blur_svg(circles: int) -> str:
    shapes = "".join(
        f'<circle cx="{(i * 37) % 480}" cy="{(i * 53) % 360}" r="80" fill="#5E9C76"'
        ' filter="url(#f)"/>'
        for i in range(circles)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 360" width="480"'
        ' height="360"><defs><filter id="f"><feGaussianBlur stdDeviation="60"/></filter>'
        f"</defs>{shapes}</svg>"
    )


def _use_image(pack_copy: Path, name: str) -> Path:
    for language in ("en", "es"):
        screen = pack_copy / language / "screens" / "trd.yaml"
        text = screen.read_text(encoding="utf-8")
        screen.write_text(
            text.replace("image: images/trd.svg", f"image: images/{name}", 1), encoding="utf-8"
        )
    return pack_copy / "en" / "screens" / "trd.yaml"


def _messages(pack_copy: Path) -> list[str]:
    started = time.monotonic()
    problems = [str(p) for p in validate_pack(pack_copy)]
    assert time.monotonic() - started < 30, "answered within seconds"
    return problems


def test_a_use_bomb_is_refused_without_being_drawn(pack_copy: Path) -> None:
    (pack_copy / "images" / "bomb.svg").write_text(_use_bomb(), encoding="utf-8")
    assert (pack_copy / "images" / "bomb.svg").stat().st_size < 4096
    screen = _use_image(pack_copy, "bomb.svg")
    problems = _messages(pack_copy)
    refused = [p for p in problems if p.startswith(f"{screen}:5: 'image': 'images/bomb.svg'")]
    assert len(refused) == 1, problems
    shapes = int(refused[0].split("the SVG draws ")[1].split(" shapes")[0].replace(",", ""))
    assert shapes > 10**10


def test_a_circular_use_is_refused(pack_copy: Path) -> None:
    (pack_copy / "images" / "loop.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#a"/></g></svg>',
        encoding="utf-8",
    )
    _use_image(pack_copy, "loop.svg")
    assert any("refer to each other in a circle" in p for p in _messages(pack_copy))


def test_a_small_png_of_a_huge_picture_is_refused(pack_copy: Path) -> None:
    path = pack_copy / "images" / "huge.png"
    path.write_bytes(_big_png(8000, 8000))
    assert path.stat().st_size < 300_000, "small on disk"
    _use_image(pack_copy, "huge.png")
    assert any(
        "the image is 8000x8000 pixels (64 megapixels); at most 16" in p
        for p in _messages(pack_copy)
    )


def test_a_picture_too_slow_to_draw_is_refused_and_named(tmp_path: Path) -> None:
    slow = tmp_path / "blur.svg"
    slow.write_text(_blur_svg(40), encoding="utf-8")
    fine = tmp_path / "fine.svg"
    fine.write_text(_blur_svg(0), encoding="utf-8")
    problems = drawing_problems([slow, fine], tmp_path / "state", seconds_per_image=0.2)
    assert [p.file for p in problems] == [slow]
    assert problems[0].message.startswith("drawing this image takes ")
    assert "at most 0.2 s" in problems[0].message


def test_a_picture_that_hangs_the_drawing_is_named_and_the_rest_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drawing process stops answering on one image: that one is blamed."""
    import kiosk.image_check as image_check

    images = []
    for name in ("a.svg", "hangs.svg", "c.svg"):
        path = tmp_path / name
        path.write_text(_blur_svg(0) + f"<!-- {name} -->", encoding="utf-8")
        images.append(path)
    fake_child = tmp_path / "child.py"
    fake_child.write_text(
        "import json, sys, time\n"
        "for path in sys.argv[2:]:\n"
        "    if path.endswith('hangs.svg'):\n"
        "        time.sleep(600)\n"
        "    print(json.dumps({'path': path, 'problem': None}), flush=True)\n",
        encoding="utf-8",
    )
    real_run = image_check.subprocess.run

    def run_fake_child(command, **options):  # type: ignore[no-untyped-def]
        options["timeout"] = 5
        return real_run([sys.executable, str(fake_child), *command[3:]], **options)

    monkeypatch.setattr(image_check.subprocess, "run", run_fake_child)
    problems = drawing_problems(images, tmp_path / "state", seconds_per_image=0.5)
    assert [p.file.name for p in problems] == ["hangs.svg"]
    assert "took more than 0.5 s, or more memory than the kiosk allows" in problems[0].message


def test_what_was_drawn_once_is_not_drawn_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kiosk.image_check as image_check

    image = tmp_path / "fine.svg"
    image.write_text(_blur_svg(0), encoding="utf-8")
    assert drawing_problems([image], tmp_path / "state") == []
    monkeypatch.setattr(image_check, "_draw_in_child", lambda *a: pytest.fail("drawn again"))
    assert drawing_problems([image], tmp_path / "state") == []


# --- links --------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_content_file_that_is_a_link_is_refused(pack_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    target = pack_copy / "en" / "screens" / "trd.yaml"
    outside.write_text(target.read_text(encoding="utf-8"), encoding="utf-8")
    target.unlink()
    target.symlink_to(outside)
    assert any(
        p == f"{target}: this file is a link; put the file itself here"
        for p in _messages(pack_copy)
    )


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_folder_link_leading_out_of_the_pack_is_refused(pack_copy: Path, tmp_path: Path) -> None:
    screens = pack_copy / "es" / "screens"
    moved = tmp_path / "elsewhere"
    screens.rename(moved)
    screens.symlink_to(moved, target_is_directory=True)
    problems = _messages(pack_copy)
    assert any("this file is a link; put the file itself here" in p for p in problems), problems


# --- the snapshot: the pack's own files, safely --------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="/dev/zero and links are POSIX")
def test_the_snapshot_holds_only_the_packs_own_regular_files(
    pack_copy: Path, tmp_path: Path
) -> None:
    (pack_copy / "notes.txt").symlink_to("/dev/zero")
    (pack_copy / "docs").symlink_to("/usr/share/doc", target_is_directory=True)
    (pack_copy / ".git").mkdir()
    (pack_copy / ".git" / "config").write_text("secret", encoding="utf-8")
    hidden = [".secret", "en/.secret.yaml", "images/.DS_Store", "en/screens/.#trd.yaml"]
    for name in hidden:
        (pack_copy / name).write_text("secret", encoding="utf-8")
    (pack_copy / "images" / "unused.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    state = tmp_path / "state"
    started = time.monotonic()
    pack = load_for_showing(pack_copy, state)
    assert time.monotonic() - started < 30
    snapshot = pack.root
    assert snapshot.parent == state / SNAPSHOTS
    copied = sorted(p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file())
    assert copied == sorted(pack.files)
    assert not [name for name in copied if any(part.startswith(".") for part in name.split("/"))]
    assert not [p for p in snapshot.rglob(".*") if not p.name.startswith(".incoming-")]
    assert not [p for p in snapshot.rglob("*") if p.is_file() and p.read_bytes() == b"secret"]
    assert "images/unused.png" not in copied
    assert "notes.txt" not in copied
    size = sum(p.stat().st_size for p in snapshot.rglob("*") if p.is_file())
    assert size < 2_000_000
    assert all(not p.is_symlink() for p in snapshot.rglob("*"))
    assert last_good_dir(state) == snapshot


def test_the_kiosk_draws_from_the_snapshot_not_the_live_folder(
    pack_copy: Path, tmp_path: Path
) -> None:
    pack = load_for_showing(pack_copy, tmp_path / "state")
    trd = pack.image_path("images/trd.svg")
    assert trd.is_file()
    assert not trd.is_relative_to(pack_copy)
    (pack_copy / "images" / "trd.svg").write_text(_use_bomb(), encoding="utf-8")  # a bad edit
    import shutil

    shutil.rmtree(pack_copy)  # or the whole folder disappears
    assert trd.read_bytes().startswith(b"<?xml"), "what is shown is what was checked"


def test_a_failed_snapshot_leaves_nothing_behind(
    pack_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    pack = load_pack(pack_copy)
    written = 0
    real_write = Path.write_bytes

    def disk_fills_up(self: Path, data: bytes) -> int:
        nonlocal written
        written += 1
        if written == 10:
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", disk_fills_up)
    assert keep_last_good(pack, state) is None
    assert [p.name for p in (state / SNAPSHOTS).iterdir()] == []
    assert not last_good_dir(state).exists()


def test_a_pack_over_the_size_cap_is_not_kept(
    pack_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.last_good as last_good

    monkeypatch.setattr(last_good, "MAX_SNAPSHOT_BYTES", 10_000)
    assert keep_last_good(load_pack(pack_copy), tmp_path / "state") is None
    assert list((tmp_path / "state" / SNAPSHOTS).iterdir()) == []


def test_only_a_few_snapshots_are_kept(pack_copy: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    settings = pack_copy / "settings.yaml"
    for number in range(6):
        text = settings.read_text(encoding="utf-8")
        settings.write_text(text + f"\n# edit {number}\n", encoding="utf-8")
        keep_last_good(load_pack(pack_copy), state)
    assert len(list((state / SNAPSHOTS).iterdir())) == 3


def test_a_pack_with_an_image_too_slow_to_draw_is_not_loaded(
    pack_copy: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import kiosk.image_check as image_check

    monkeypatch.setattr(image_check, "SECONDS_PER_IMAGE", 0.2)
    (pack_copy / "images" / "blur.svg").write_text(_blur_svg(40), encoding="utf-8")
    _use_image(pack_copy, "blur.svg")
    with pytest.raises(ContentErrors) as refused:
        load_checked(pack_copy, tmp_path / "state")
    assert "blur.svg: drawing this image takes" in refused.value.render()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_an_image_that_links_to_another_in_the_pack_is_refused(pack_copy: Path) -> None:
    image = pack_copy / "images" / "trd.svg"
    image.unlink()
    image.symlink_to(pack_copy / "images" / "brain-garden.svg")
    problems = _messages(pack_copy)
    assert any(
        "'images/trd.svg' is a link; put the image itself in the content folder" in p
        for p in problems
    ), problems
