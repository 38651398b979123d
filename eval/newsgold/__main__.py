"""The ``newsgold`` command and ``python -m newsgold``.

The command's entry point lives here, not in :mod:`newsgold.cli`, so that a Ctrl-C while the
package is still being imported (the first second of a run) ends as any other Ctrl-C does:
one line and exit status 130, no traceback.
"""

import sys

INTERRUPTED = "interrupted: nothing more was written"  # cli.INTERRUPTED, which cannot be imported yet


def main() -> int:
    try:
        from .cli import main as cli_main
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
