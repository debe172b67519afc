"""Entering panel and direct scores: the clerk's grid, score sheets, double entry, signed score files, the checks all of them share."""
