"""KetaMD waiting-room kiosk.

The package is split in two: a Qt-free core (this folder: content model, loader,
validator, settings, paths) that the ``kiosk validate`` command and the tests use without
starting Qt, and the Qt user interface under :mod:`kiosk.views` plus :mod:`kiosk.app`.
"""

__version__ = "0.1.0"
