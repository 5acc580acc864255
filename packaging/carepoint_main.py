"""The bundle's program: the `carepoint` command; with no command it opens the desktop app."""

import sys

from carepoint.cli import main

if __name__ == "__main__":
    sys.exit(main())
