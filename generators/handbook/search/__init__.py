"""Site search for the handbook: a Chinese-aware substring engine.

Python builds the index (and is the reference implementation used by tests and
the CLI); assets/search.js runs the same rules in the browser. The rules are in
README.md in this directory.
"""

from .index import (ENTRY_TYPES, LINE_TYPES, MANIFEST_PATH, SearchEntry, build_index, dump_index,
                    index_files, index_from_files, load_index, write_index, write_index_files)
from .rank import Result, Searcher, search

INDEX_PATH = MANIFEST_PATH
"""Where the build writes the index manifest, relative to the site root (search.js fetches it there);
the shards it lists sit next to it. The site gets every file of index_files(build_index(...))."""

__all__ = ["ENTRY_TYPES", "INDEX_PATH", "LINE_TYPES", "Result", "SearchEntry", "Searcher",
           "build_index", "dump_index", "index_files", "index_from_files", "load_index", "search",
           "write_index", "write_index_files"]
