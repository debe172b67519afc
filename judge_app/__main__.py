import sys

from judge_app.cli import main

sys.exit(main())
