"""Reads every surface shares: the one filter, the selectors, the timeline's reads and the cached summaries."""
