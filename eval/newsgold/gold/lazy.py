"""Third-party modules that are imported on first use, not when newsgold is imported.

Every command imports the scorers, but only event scoring and the bootstrap need numpy, and
only a gold file that fails the schema needs jsonschema to explain itself, and only long
runs show progress bars (tqdm), and only the bootstrap's products hold BLAS to one thread
(threadpoolctl): importing them up front cost a scoring of the one article more than the
scoring itself.
"""

from __future__ import annotations

from types import ModuleType


def numpy() -> ModuleType:
    import numpy

    return numpy


def tqdm() -> ModuleType:
    import tqdm

    return tqdm


def threadpoolctl() -> ModuleType:
    import threadpoolctl

    return threadpoolctl
