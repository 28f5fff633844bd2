"""Validation: every problem in the loaded records and chapters, found before anything is resolved or rendered.

records.py checks each record against the model (pydantic) and words its errors in Chinese; rules.py holds
the checks the schema cannot express; chapter_links.py and chapter_targets.py check what policy chapters
link to. Reference and graph checks run during resolution (resolve.py), where the links are made.
"""
