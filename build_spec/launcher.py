"""Entry point of the packaged app: `judge-app …` with arguments, the desktop window without
(a double click in Explorer or the file manager starts it with none)."""

import sys

from judge_app.cli import main


def command_line(args: list[str]) -> list[str]:
    return list(args) or ["gui"]


if __name__ == "__main__":
    sys.exit(main(command_line(sys.argv[1:])))
