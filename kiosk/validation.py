"""Everything a pack must pass before a patient sees it, in one place.

``load_checked``: the content is read and validated (``kiosk.loader``) and every image
it uses is drawn once within a budget (``kiosk.image_check``). ``load_for_showing``
then snapshots it (``kiosk.last_good``): the kiosk shows the snapshot, so only what was
checked is ever drawn. Used at start-up, by hot reload and by the staff panel's reload;
``kiosk validate`` uses ``load_checked``. Nothing here imports Qt.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kiosk.errors import ContentErrors
from kiosk.first_frame import content_key
from kiosk.image_check import drawing_problems
from kiosk.last_good import keep_last_good
from kiosk.loader import ContentPack, load_pack


def load_checked(pack_dir: Path, state: Path | None = None) -> ContentPack:
    """Read, validate, and draw every image of the pack in ``pack_dir``.

    Raises:
        ContentErrors: every problem, with file and line where known.
    """
    pack = load_pack(pack_dir)
    problems = drawing_problems(pack.image_files(), state)
    if problems:
        raise ContentErrors(problems)
    return pack


def load_for_showing(pack_dir: Path, state: Path | None = None) -> ContentPack:
    """:func:`load_checked`, then snapshot: the pack returned draws from its snapshot (and
    the snapshot is the new last good copy)."""
    source_key = content_key(pack_dir)
    pack = load_checked(pack_dir, state)
    snapshot = keep_last_good(pack, state)
    root = snapshot if snapshot is not None else pack.root
    return dataclasses.replace(pack, root=root, source_key=source_key)
