"""`python -m modules …`: the same command line as `khathi` (see modules.cli)."""

import sys

from modules.cli import main

sys.exit(main())
