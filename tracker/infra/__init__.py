"""Plumbing beside the domain: the garbage-collector pause, the read-replica router, login throttling."""
