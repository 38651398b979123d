"""Pausing CPython's cyclic garbage collector while newsgold loads, reads and scores.

Scoring allocates hundreds of thousands of small objects (item tuples, pairs, counters,
error rows) and none of them form reference cycles: reference counting frees every one of
them, and the cyclic collector, which runs every few hundred allocations, finds nothing.
Its passes still walk the young objects and, now and then, every object of the process,
which costs a scoring a noticeable share of its time (``benchmarks/``). So the scorers pause it around
their own work, never around code they are handed (a predictions iterator may make
cycles), and switch it back on afterwards, even when they fail.

Loading and reading gain too, although what they make outlives them: the collector would
walk the growing heap again and again while they ran, several times the cost of loading
itself on a large gold file. So the gold loaders and the JSON Lines readers pause it, and
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
