"""Allow `python -m voiceaid`."""

import sys

from voiceaid.cli import main

sys.exit(main())
