"""Entry point of the packaged app: `judge-app …` with arguments, the desktop window without."""

import sys

from judge_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
