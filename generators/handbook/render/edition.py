"""Which edition a reader holds: title, version, 生效日期 and approver of the latest release."""

from __future__ import annotations

from ..model import Meta


def edition(meta: Meta) -> dict | None:
    """{"title", "organization", "version", "date", "approver"} of the release with the latest date
    (the last listed among equal dates), or None when data/handbook.yaml lists no release."""
    if not meta.releases:
        return None
    latest = max(enumerate(meta.releases), key=lambda item: (item[1].date, item[0]))[1]
    return {"title": meta.title, "organization": meta.organization, "version": latest.version,
            "date": latest.date, "approver": latest.approver}
