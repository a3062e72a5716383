"""KetaMD waiting-room kiosk.

The package is split in two: a Qt-free core (this folder: content model, loader,
validator, settings, paths) that the ``kiosk validate`` command and the tests use without
starting Qt, and the Qt user interface under :mod:`kiosk.views` plus :mod:`kiosk.app`.
"""

try:
    from kiosk._version import __version__
except ImportError:  # a source folder that was never installed
    __version__ = "0.0.0+unknown"
