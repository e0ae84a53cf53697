"""The domain rules, each written once: partial dates, derived facts, publishing, text hygiene,
and the signals that keep derived rows current."""
