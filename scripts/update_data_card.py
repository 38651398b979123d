"""Regenerate the README's data card from the gold data (``--check``: exit 1 when stale)."""

from __future__ import annotations

import argparse
import sys

from newsgold.gold.repo import find_repo
from newsgold.outputs.datacard import update


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 when the card is stale")
    args = parser.parse_args()
    current = update(find_repo(), check=args.check)
    if args.check and not current:
        print("README.md data card is stale: run `newsgold regenerate` to regenerate it", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
