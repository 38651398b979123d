"""The one span convention: half-open ``[start, end)`` Unicode code point offsets.

>>> s = Span(12, 18)
>>> "Washington, Feb 18"[s.start:s.end]
'Feb 18'
>>> Span(3, 3)
Traceback (most recent call last):
ValueError: span [3, 3) is empty or reversed: need 0 <= start < end
>>> Span(0, 4).overlaps(Span(3, 9)), Span(0, 4).overlaps(Span(4, 9))
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise TypeError(f"span offsets must be ints, got {self.start!r}, {self.end!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"span [{self.start}, {self.end}) is empty or reversed: need 0 <= start < end")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def slice(self, text: str) -> str:
        return text[self.start : self.end]
