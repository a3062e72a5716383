"""Keep a copy of the last content pack that loaded cleanly, to start from when the
clinic's pack is broken (better than the bundled default: it has the clinic's own text).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from kiosk.paths import bundled_content_dir, state_dir

log = logging.getLogger(__name__)

LAST_GOOD = "last-good-content"


def last_good_dir(folder: Path | None = None) -> Path:
    return (folder or state_dir()) / LAST_GOOD


def keep_last_good(pack_dir: Path, folder: Path | None = None) -> Path | None:
    """Copy ``pack_dir`` (valid) over the kept copy, atomically; None if that failed."""
    target = last_good_dir(folder)
    try:
        source = Path(pack_dir).resolve()
        if source in (target.resolve(), bundled_content_dir().resolve()):
            return None  # nothing to keep: it is the kept copy, or ships with the kiosk
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=target.parent))
        # Hidden files (.git, .stfolder, editor swap files) are not content.
        hidden = shutil.ignore_patterns(".*")
        shutil.copytree(pack_dir, staging / "pack", symlinks=False, ignore=hidden)
        old = target.with_name(f".{LAST_GOOD}-old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        (staging / "pack").rename(target)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        log.warning("could not keep a copy of the good content: %s", exc)
        return None
    return target
