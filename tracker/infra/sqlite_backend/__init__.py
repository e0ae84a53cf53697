"""Django's SQLite backend without the conversions the driver has already made (see base.py)."""
