"""Site search for the handbook: a Chinese-aware substring engine.

Python builds the index (and is the reference implementation used by tests and
the CLI); assets/search.js runs the same rules in the browser. The rules are in
README.md in this directory.
"""

from .index import (ENTRY_TYPES, LINE_TYPES, SearchEntry, build_index, dump_index, load_index,
                    write_index)
from .rank import Result, Searcher, search

INDEX_PATH = "search/handbook-index.json"
"""Where the build writes the index, relative to the site root (search.js fetches it there)."""

__all__ = ["ENTRY_TYPES", "INDEX_PATH", "LINE_TYPES", "Result", "SearchEntry", "Searcher",
           "build_index", "dump_index", "load_index", "search", "write_index"]
