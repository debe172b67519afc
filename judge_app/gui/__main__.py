import sys

from judge_app.gui.app import main

sys.exit(main())
