"""The year's campaign: every contest of the year read together, its summary and its documents."""
