"""The read-only JSON API: the same filters and the same visibility as the reader pages.

The event list reads through `selectors.events_matching`, so `/api/events/?country=KR&start=2025-06`
selects exactly the rows `/events/?country=KR&start=2025-06` shows. Every 4xx answers in one shape,
`{"errors": {field: [messages]}}`; nothing here writes.

The package holds errors (the error shape and handler), pagination, serializers, parameters (the query
parameters as the schema documents them) and views (the viewsets tracker.urls routes).
"""
