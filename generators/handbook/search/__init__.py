"""Site search for the handbook: a Chinese-aware substring engine.

Python builds the index and is one of its two engines (tests, the CLI); assets/search-engine.js
(with search-repairs.js and search-loader.js) is the other, in the browser. The rules are in README.md in this directory, and the test vectors
both engines pass are in vectors.yaml.

Layout: rules.py (rule words) · normalise.py (folding) · segment.py (terms, vocabulary) ·
pinyin.py · synonyms.py · cache.py (what a caller keeps between builds) · index.py (entries →
SearchIndex) · files.py (the served files: the one index format) · terms.py (a term, how it
matches) · repair.py (repairs of a term that matches nothing) · rank.py (Searcher: matching, ranking).
"""

from .cache import TextCache
from .files import MANIFEST_PATH, index_files, load_index, read_index, write_index_files
from .index import SearchEntry, SearchIndex, build_index
from .rank import Result, Searcher, search
from .rules import ENTRY_TYPES

__all__ = ["ENTRY_TYPES", "MANIFEST_PATH", "Result", "SearchEntry", "SearchIndex", "Searcher", "TextCache",
           "build_index", "index_files", "load_index", "read_index", "search", "write_index_files"]
