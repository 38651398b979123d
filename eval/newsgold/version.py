"""The package's version: the one place it is written (pyproject.toml and every report read it here).

The bottom of the package: it imports nothing, so any layer may import it.
"""

__version__ = "0.1.0"
