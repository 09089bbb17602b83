"""Where a node of the agency tree sits under a report's subject, for grouping figures by unit."""

from __future__ import annotations

from aduan.agencies.models import Agency


def child_under(subject: Agency, node: Agency | None) -> int | None:
    """The child of `subject` in the agency tree that `node` sits in (or `subject` itself).

    None when nobody handles the complaint yet (still at the desk), or the node is outside.
    """
    if node is None or not node.path.startswith(subject.path):
        return None
    rest = node.path[len(subject.path) :]
    first = rest.split("/", 1)[0]
    return int(first) if first else subject.pk


def group_of(
    subject: Agency | None, agencies: dict[int, Agency], agency_id: int | None, unit_id: int | None
) -> int | None:
    """The row a complaint handled by (agency_id, unit_id) counts in: its agency in a city
    report; the subject's child in the tree in an agency's report."""
    if subject is None:
        return agency_id
    node_id = unit_id or agency_id
    return child_under(subject, agencies.get(node_id)) if node_id else None
