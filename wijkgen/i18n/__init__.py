"""Every text a person reads, in Dutch and English: one catalogue per language (``catalogue.py``),
and the messages about content and the project made from it (``messages.py``)."""
