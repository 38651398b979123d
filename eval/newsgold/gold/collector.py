"""Pausing CPython's cyclic garbage collector while newsgold loads, reads and scores.

Scoring allocates hundreds of thousands of small objects (item tuples, pairs, counters,
error rows) and none of them form reference cycles: reference counting frees every one of
them, and the cyclic collector, which runs every few hundred allocations, finds nothing.
Its passes still walk the young objects and, now and then, every object of the process,
which cost a scoring 10-25% of its time in ``benchmarks/``. So the scorers pause it around
their own work, never around code they are handed (a predictions iterator may make
cycles), and switch it back on afterwards, even when they fail.

Loading and reading gain too, although what they make outlives them: the collector
walked the growing heap again and again while they ran (loading a gold file of 40,000
documents: 5.4 s with it on, 0.7 s paused, on a busy machine; the one full walk left after
the pause took 0.8 s there). So the gold loaders and the JSON Lines readers pause it, and
the command line runs each command with it paused: a command keeps what it loads until it
ends, and reference counting frees everything else.

The collector is process-wide: another thread that counts on it while a scoring runs sees
it paused for that long. A collector that was already off stays off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext


@contextmanager
def paused() -> Iterator[None]:
    """Run the block (or, as a decorator, each call) with the cyclic collector off, then
    restore it as it was."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def paused_over(source: object) -> AbstractContextManager[None]:
    """:func:`paused` when reading ``source`` runs no code of the caller's (a list or a tuple);
    nothing for other iterables (a generator reading a file or running a model), whose
    consumer pauses the collector over its own steps only.
    """
    return paused() if isinstance(source, (list, tuple)) else nullcontext()
