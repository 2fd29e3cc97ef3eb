"""`python -m bot.cli …` is `mlops-bot …`."""

import sys

from bot.cli import main

sys.exit(main())
