"""Every transition of the table in states.py, allowed and forbidden, through the real actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from aduan.complaints import actions
from aduan.complaints.errors import InvalidTransition
from aduan.complaints.models import Complaint
from aduan.complaints.states import FINAL, GROUPS, TRANSITIONS, Status, actions_from, group_of
from aduan.testing import City, complaint_in, photo, submit

Call = Callable[[Complaint, City], Any]

# How each action is taken, by someone entitled to take it on an agency A complaint.
CALLS: dict[str, Call] = {
    "verify": lambda c, city: actions.verify_complaint(c, by=city.verifier, target=city.agency_a),
    "route": lambda c, city: actions.route_complaint(
        c, by=city.verifier, target=city.agency_b, reason="Salah disposisi"
    ),
    "request_info": lambda c, city: actions.request_info(
        c, by=city.verifier if c.status == Status.SUBMITTED else city.officer_a, question="Di mana?"
    ),
    "provide_info": lambda c, city: actions.provide_info(
        c, by=actions.VIA_SECRET_LINK, answer="Di depan pasar."
    ),
    "withdraw": lambda c, city: actions.withdraw_unanswered(c),
    "reject": lambda c, city: actions.reject_complaint(c, by=city.verifier, reason="spam"),
    "merge": lambda c, city: actions.merge_complaint(c, by=city.verifier, into=submit(city)),
    "accept": lambda c, city: actions.accept_complaint(c, by=city.officer_a),
    "return_not_authority": lambda c, city: actions.return_not_authority(
        c, by=city.officer_a, reason="Kewenangan provinsi"
    ),
    "route_to_unit": lambda c, city: actions.route_to_unit(c, by=city.officer_a, unit=city.unit_a),
    "request_coordination": lambda c, city: actions.request_coordination(
        c, by=city.officer_a, agency=city.agency_b, message="Mohon bantu angkut puing."
    ),
    "post_update": lambda c, city: actions.post_update(
        c, by=city.officer_a, message="Tim sudah meninjau lokasi."
    ),
    "resolve": lambda c, city: actions.resolve_complaint(
        c, by=city.officer_a, message="Sudah ditambal.", photos=[photo()]
    ),
    "approve_resolution": lambda c, city: actions.approve_resolution(c, by=city.verifier),
    "reject_resolution": lambda c, city: actions.reject_resolution(
        c, by=city.verifier, reason="Tidak ada foto sesudah."
    ),
    "confirm": lambda c, city: actions.confirm_resolution(c, by=actions.VIA_SECRET_LINK, rating=4),
    "dispute": lambda c, city: actions.dispute_resolution(
        c, by=actions.VIA_SECRET_LINK, reason="Masih rusak."
    ),
    "reopen": lambda c, city: actions.reopen_on_dispute(
        c, by=city.verifier, reason="Lewat telepon: masih berlubang.", channel="phone"
    ),
    "close": lambda c, city: actions.close_unanswered(c),
}

STARTS = list(Status.values)


def test_every_transition_has_a_way_to_be_taken() -> None:
    assert set(CALLS) == set(TRANSITIONS) - {"submit"}


def test_every_status_belongs_to_exactly_one_group() -> None:
    seen = [s for members in GROUPS.values() for s in members]
    assert sorted(seen) == sorted(Status.values)
    assert group_of(Status.ROUTED) == "open" and group_of(Status.MERGED) == "closed"


def test_final_states_have_no_way_out() -> None:
    for status in FINAL:
        assert actions_from(status) == []


def _expected(action: str, start: str) -> str:
    target = TRANSITIONS[action].target
    if target is not None:
        return target
    if action == "provide_info":
        return Status.SUBMITTED  # complaint_in(NEEDS_INFO) asks from the desk
    if action == "resolve":
        return Status.UNDER_REVIEW  # review is on by default
    return start  # route_to_unit, request_coordination, post_update keep the status


@pytest.mark.parametrize("action", sorted(CALLS))
@pytest.mark.parametrize("start", STARTS)
def test_transition(city: City, action: str, start: str) -> None:
    complaint = complaint_in(city, start)
    before = complaint.status
    if start in TRANSITIONS[action].sources:
        result = CALLS[action](complaint, city)
        result.refresh_from_db()
        assert result.status == _expected(action, before)
        assert result.timeline.count() >= 1
    else:
        with pytest.raises(InvalidTransition):
            CALLS[action](complaint, city)
        complaint.refresh_from_db()
        assert complaint.status == before


def test_nothing_outside_actions_assigns_the_status() -> None:
    """The rule of one owner: only complaints/actions.py writes complaint.status."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    pattern = re.compile(r"\b(complaint|c)\.status\s*=[^=]")
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        if path.name in {"actions.py"} and path.parent.name == "complaints":
            continue
        if path.name == "generate_complaints.py":
            continue  # synthetic bulk data for benchmarks, never a live complaint
        text = path.read_text(encoding="utf-8")
        if pattern.search(text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
