"""Snapshots of validated content: what the kiosk shows, and the last good copy.

Once a pack has passed every check, its own files (the YAML files it read and the images
it uses, nothing else) are copied into a snapshot in the state folder, and the kiosk
shows the snapshot, not the live folder: an edit that validation rejects is never
drawn, and a content folder deleted or half-synced does not blank the screen. The newest
snapshot is also the *last good copy* the kiosk falls back on when it starts with a
broken pack.

A snapshot is made safely: only regular files are copied, never through a link
(``O_NOFOLLOW``), never from outside the pack, up to a size cap; it is written in a
staging folder that is removed on any failure (a full disk included) and then renamed
into place in one step. A few recent snapshots are kept (a kiosk may still be showing
the previous one when a new one is made); older ones are deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.paths import bundled_content_dir, state_dir

if TYPE_CHECKING:  # not imported at start-up: the first frame comes before the model
    from kiosk.loader import ContentPack

log = logging.getLogger(__name__)

SNAPSHOTS = "content-snapshots"
POINTER = "last-good"
LEGACY = "last-good-content"  # the copy kept by kiosks before snapshots
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024
SNAPSHOTS_KEPT = 3
# The content watcher's thread and a staff reload may both keep a copy at once.
_one_at_a_time = threading.Lock()


def last_good_dir(folder: Path | None = None) -> Path:
    """The folder of the last good content (it may not exist: none kept yet)."""
    base = folder or state_dir()
    try:
        name = (base / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return base / LEGACY
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return base / LEGACY
    return base / SNAPSHOTS / name


def keep_last_good(pack: ContentPack, folder: Path | None = None) -> Path | None:
    """Snapshot ``pack`` (which passed every check) and make it the last good copy.

    Returns the snapshot folder, or None when there is nothing to keep (the bundled pack,
    or a snapshot itself) or the snapshot could not be made (the reason is logged).
    """
    base = folder or state_dir()
    source = pack.root.resolve()
    snapshots = base / SNAPSHOTS
    if source == bundled_content_dir().resolve() or source.parent == snapshots.resolve():
        return None
    try:
        with _one_at_a_time:
            snapshots.mkdir(parents=True, exist_ok=True)
            target = _snapshot(pack, source, snapshots)
            from kiosk.pin import write_private  # atomic, private

            write_private(base / POINTER, target.name)
            _prune(snapshots, keep=target)
    except OSError as exc:
        log.warning("could not keep a copy of the good content: %s", exc)
        return None
    return target


def _snapshot(pack: ContentPack, source: Path, snapshots: Path) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=snapshots))
    try:
        digest = hashlib.sha256()
        left = MAX_SNAPSHOT_BYTES
        for name in pack.files:
            data = _read_own_file(source, name, left)
            left -= len(data)
            digest.update(name.encode() + b"\0" + data + b"\0")
            copy = staging / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data)
        target = snapshots / digest.hexdigest()[:20]
        if target.is_dir():
            shutil.rmtree(staging)  # the very same content is kept already
        else:
            staging.rename(target)
        with contextlib.suppress(OSError):
            target.touch()  # the newest, for pruning
        return target
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _read_own_file(root: Path, name: str, budget: int) -> bytes:
    """A file of the pack, as it is on disk: a regular file inside the pack, not a link.

    Raises:
        OSError: it is not (or the snapshot would grow past its cap).
    """
    path = root / name
    if not path.resolve().is_relative_to(root):
        raise OSError(f"{path} leads outside the content folder")
    if not stat.S_ISREG(os.lstat(path).st_mode):
        raise OSError(f"{path} is not a regular file")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        data = handle.read(budget + 1)
    if len(data) > budget:
        raise OSError(f"the content is larger than {MAX_SNAPSHOT_BYTES // 2**20} MiB")
    return data


def _prune(snapshots: Path, keep: Path) -> None:
    """Delete all but the newest few snapshots, and any staging folder left behind."""
    entries = [entry for entry in snapshots.iterdir() if entry.is_dir()]
    for stale in (entry for entry in entries if entry.name.startswith(".incoming-")):
        shutil.rmtree(stale, ignore_errors=True)
    finished = [entry for entry in entries if not entry.name.startswith(".")]
    finished.sort(key=lambda entry: entry.stat().st_mtime, reverse=True)
    for old in finished[SNAPSHOTS_KEPT:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
