"""Handbook generator: data/*.yaml + content/*.md → a searchable static site and Word/Excel exports."""

import warnings

# jieba 0.42 imports pkg_resources, which setuptools 67–80 deprecates with a UserWarning printed before
# every command's output. It is about jieba's packaging, not about the handbook: keep it off the editor's screen.
warnings.filterwarnings("ignore", message=r"pkg_resources is deprecated", category=UserWarning)
warnings.filterwarnings("ignore", message=r"Deprecated call to `pkg_resources", category=DeprecationWarning)
