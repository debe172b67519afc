"""The two kinds of people list a contest keeps (a roster import, the setup page's tabs name one)."""

ENTRIES = "entries"
JUDGES = "judges"
