"""newsgold: a gold-standard annotated news corpus and the harness that scores extractors on it.

Offsets everywhere are Unicode code point offsets into the document text, half-open
``[start, end)``; every span record also carries its ``text``, which must equal the slice.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsgold")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
