"""The live stage for the contest day: a host console on the laptop and a projector screen.

Open it with `judge-app stage --round R` or, from the organizer's window,
`judge_app.stage.open_stage(db, round_key, actor)`. See docs/stage.md.
"""

from __future__ import annotations


def open_stage(db, round_key: str, actor: str = "host", *, parent=None, **options):
    """Open the host console and the stage window for a round; returns the console (a QWidget)."""
    from judge_app.stage.console import open_host_console

    return open_host_console(db, round_key, actor, parent=parent, **options)
