"""Rebuild the kiosk's TrueType fonts from Fontsource's npm packages (see README.md).

Not part of the kiosk: run it by hand, with npm on the PATH and fontTools and brotli in
the Python that runs it (``pip install fonttools brotli`` in a throw-away venv)::

    python resources/fonts/build_fonts.py

Each package ships a family as WOFF2 files, one per Unicode subset and weight. Windows'
DirectWrite refuses WOFF, so each is turned back into TrueType, and the subsets of one
family and weight are merged into one file, with the family's plain name.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

VERSION = "5.3.0"
#: file stem: (npm package, family name, the subsets bundled)
FAMILIES = {
    "atkinson-hyperlegible-next": (
        "@fontsource/atkinson-hyperlegible-next",
        "Atkinson Hyperlegible Next",
        ("latin", "latin-ext"),  # all it has: no Vietnamese, Cyrillic or Greek
    ),
    "noto-sans": (
        "@fontsource/noto-sans",
        "Noto Sans",
        ("latin", "latin-ext", "vietnamese", "cyrillic", "greek"),
    ),
    "noto-sans-arabic": ("@fontsource/noto-sans-arabic", "Noto Sans Arabic", ("arabic",)),
    # Its files call the family "Noto Sans Hebrew Thin" (an instancing slip): renamed here.
    "noto-sans-hebrew": ("@fontsource/noto-sans-hebrew", "Noto Sans Hebrew", ("hebrew",)),
}
STYLES = {400: "Regular", 700: "Bold"}
#: Characters each merged file must draw, checked after the build.
MUST_DRAW = {
    "atkinson-hyperlegible-next": "AZaz09ÀÿĀžȘțŒœ€–—“”…",
    "noto-sans": "ơưạếỹđƠƯẠẾỸĐăâêôĩũỳỵỷЖжЁёЇїΩωάέ",
    "noto-sans-arabic": "ابتثپچژگکیےٹڈڑںہھ،؛؟٠٩۰۹",
    "noto-sans-hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
}


def unpacked(package: str, work: Path) -> Path:
    """``npm pack`` the package into ``work`` and unpack it; its ``files`` folder."""
    subprocess.run(
        ["npm", "pack", f"{package}@{VERSION}", "--pack-destination", str(work)],
        check=True,
        capture_output=True,
    )
    archive = next(work.glob(f"{package.replace('@', '').replace('/', '-')}-{VERSION}.tgz"))
    target = work / archive.stem
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "package" / "files"


def as_truetype(woff2: Path) -> Path:
    font = TTFont(woff2, recalcTimestamp=False)
    font.flavor = None
    path = woff2.with_suffix(".ttf")
    font.save(path)
    return path


def name_it(font: TTFont, family: str, style: str) -> None:
    """Plain names for one family and style; typographic names dropped (they could
    disagree with these, and Qt and DirectWrite read the plain ones)."""
    names = font["name"]
    for name_id in (16, 17, 21, 22, 25):
        names.removeNames(nameID=name_id)
    for name_id, value in (
        (1, family),
        (2, style),
        (4, f"{family} {style}"),
        (6, f"{family.replace(' ', '')}-{style}"),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def build(stem: str, files: Path, family: str, subsets: tuple[str, ...], weight: int) -> Path:
    parts = [as_truetype(files / f"{stem}-{subset}-{weight}-normal.woff2") for subset in subsets]
    font = Merger().merge([str(p) for p in parts]) if len(parts) > 1 else TTFont(parts[0])
    name_it(font, family, STYLES[weight])
    if "STAT" in font:  # it describes the variable font these were cut from
        del font["STAT"]
    # The same packages give the same bytes: the dates of the packages' files, not today's.
    source = TTFont(parts[0])["head"]
    font["head"].created, font["head"].modified = source.created, source.modified
    font.recalcTimestamp = False
    target = Path(__file__).parent / f"{stem}-{STYLES[weight].lower()}.ttf"
    font.save(target)
    cmap = TTFont(target).getBestCmap()
    missing = [c for c in MUST_DRAW[stem] if ord(c) not in cmap]
    if missing:
        raise SystemExit(f"{target.name} lacks {''.join(missing)}")
    sys.stdout.write(f"{target.name}: {target.stat().st_size} bytes, {len(cmap)} characters\n")
    return target


def main() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for stem, (package, family, subsets) in FAMILIES.items():
            files = unpacked(package, work)
            for weight in STYLES:
                build(stem, files, family, subsets, weight)
    return 0


if __name__ == "__main__":
    sys.exit(main())
