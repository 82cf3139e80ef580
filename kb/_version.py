"""The installed distribution's version (``kb --version``, ``kb.__version__``)."""
from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__", "DISTRIBUTION"]

DISTRIBUTION = "kb-argmap"

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
