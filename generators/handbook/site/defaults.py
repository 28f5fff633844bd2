"""Site defaults supplied by the installed package, so a project's mkdocs.yml holds only overrides.

MkDocs' own `INHERIT` resolves a path relative to the project's mkdocs.yml, which
cannot name a file inside an installed package. Instead the handbook plugin, in
its on_config, merges the packaged defaults (mkdocs.default.yml) *under* what the
project's mkdocs.yml says: a key the project writes wins; for mappings (theme,
validation, extra) the project's keys are merged into the defaults; extra
Markdown extensions are added to the default ones.
"""

from __future__ import annotations

import copy
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

DEFAULTS_FILE = Path(__file__).resolve().parent / "mkdocs.default.yml"
APPLIED = ("theme", "markdown_extensions", "validation", "extra")
"""Keys whose defaults the plugin supplies; docs_dir must be in mkdocs.yml (MkDocs checks it before plugins run)."""


def packaged_defaults() -> dict:
    """The packaged mkdocs.default.yml as a plain dict (uses MkDocs' own YAML loader, for !!python tags)."""
    with open(DEFAULTS_FILE, "rb") as fd:
        return yaml_load(fd)


def project_settings(config: MkDocsConfig) -> dict:
    """What the project's mkdocs.yml itself says (with any INHERIT it uses), before MkDocs' defaults."""
    path = config.config_file_path
    if not path or not Path(path).is_file():
        return {}
    with open(path, "rb") as fd:
        return yaml_load(fd)


def _extension_names(items) -> list[str]:
    names = []
    for item in items or []:
        names.append(next(iter(item)) if isinstance(item, dict) else str(item))
    return names


def merged_value(key: str, default, own):
    """The packaged default for `key` with the project's own value laid over it."""
    if own is None:
        return copy.deepcopy(default)
    if key == "markdown_extensions":
        own_names = set(_extension_names(own))
        kept = [item for item, name in zip(default, _extension_names(default)) if name not in own_names]
        return kept + list(own)
    if key == "theme" and isinstance(own, str):
        own = {"name": own}
    if isinstance(default, dict) and isinstance(own, dict):
        if key == "theme" and own.get("name", default.get("name")) != default.get("name"):
            return own  # another theme: our Material settings do not apply
        return _deep_merge(copy.deepcopy(default), own)
    return own


def _deep_merge(base: dict, over: dict) -> dict:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _deep_merge(base[key], value)
        else:
            base[key] = value
    return base


def apply_defaults(config: MkDocsConfig) -> None:
    """Lay the packaged defaults under the project's settings, re-validating each option MkDocs' way.

    Raises mkdocs' ValidationError (shown by MkDocs as a config error) when a merged value is invalid.
    """
    defaults, own = packaged_defaults(), project_settings(config)
    schema = dict(config._schema)
    for key in APPLIED:
        if key not in defaults:
            continue
        value = merged_value(key, defaults[key], own.get(key))
        option = schema[key]
        option.pre_validation(config, key)
        config[key] = option.validate(value)
        option.post_validation(config, key)


def config_overrides(path: Path, root: Path | None = None) -> dict:
    """Settings to pass to MkDocs' load_config for the project's mkdocs.yml at `path`, before the plugin runs.

    MkDocs validates `theme` before any plugin's on_config, so a project that overrides only part of the
    theme (`theme: {palette: {primary: teal}}`, no `name`) would stop with "No theme name set"; the packaged
    theme name is filled in here. `root`: the handbook project the caller (`handbook build`/`serve`) works on;
    it reaches the plugin as its `root` option, so the plugin never has to guess it from mkdocs.yml's folder.
    Returns {} when nothing needs filling or the file cannot be read (MkDocs then reports the file itself).
    """
    try:
        with open(path, "rb") as fd:
            own = yaml_load(fd)
    except Exception:  # noqa: BLE001 — an unreadable or invalid mkdocs.yml is reported by load_config
        return {}
    if not isinstance(own, dict):
        return {}
    overrides = {}
    theme = own.get("theme")
    if isinstance(theme, dict) and not theme.get("name"):
        overrides["theme"] = {**theme, "name": packaged_defaults()["theme"]["name"]}
    plugins = _with_root(own.get("plugins"), root) if root is not None else None
    if plugins is not None:
        overrides["plugins"] = plugins
    return overrides


PLUGIN = "handbook"


class _Reusable(list):
    """A `plugins` override that MkDocs may read again: the live preview passes the same override to every
    rebuild's load_config, and MkDocs' plugin parsing consumes what it reads (dict.popitem, pop('enabled')),
    so every reading gets fresh copies of the entries."""

    def __iter__(self):
        return iter(copy.deepcopy(list(super().__iter__())))


def _with_root(plugins, root: Path) -> list | None:
    """The project's `plugins` setting (a list, or a mapping as MkDocs also allows) with the handbook plugin's
    `root` option set to `root` (absolute); None when the handbook plugin is not listed."""
    value = str(Path(root).resolve())
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    if not isinstance(plugins, list):
        return None
    found, out = False, _Reusable()
    for item in plugins:
        if item == PLUGIN or (isinstance(item, dict) and list(item) == [PLUGIN]):
            found = True
            options = item.get(PLUGIN) if isinstance(item, dict) else None
            out.append({PLUGIN: {**(options if isinstance(options, dict) else {}), "root": value}})
        else:
            out.append(item)
    return out if found else None
