"""The bundle's program: the `carepoint` command; with no command it opens the desktop app."""

import os
import sys

from carepoint.cli import main

if __name__ == "__main__":
    if sys.stderr is None:
        # The windowed Windows program (CarePoint.exe) has no console: messages meant for one
        # would otherwise fail; the app shows its errors in dialogs.
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")
    sys.exit(main())
