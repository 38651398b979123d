"""``python -m newsgold``: the same as the ``newsgold`` command."""

import sys

from .cli import main

sys.exit(main())
