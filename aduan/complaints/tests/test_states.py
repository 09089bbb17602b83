"""Every transition of the table in states.py, allowed and forbidden, through the real actions."""

from __future__ import annotations

import ast
import pathlib
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from aduan.complaints import actions
from aduan.complaints.errors import InvalidTransition
from aduan.complaints.models import Complaint
from aduan.complaints.states import FINAL, GROUPS, TRANSITIONS, Status, actions_from, group_of
from aduan.testing import City, complaint_in, photo, submit

Call = Callable[[Complaint, City], Any]
A_YEAR = timedelta(days=365)

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
    # The system's deadline actions, a year on: every step is far past its time.
    "escalate": lambda c, city: actions.escalate_complaint(c, now=timezone.now() + A_YEAR),
    "remind_reporter": lambda c, city: actions.remind_reporter(c, now=timezone.now() + A_YEAR),
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


# Where else a complaint's fields may be written: demo and benchmark data, never a live complaint.
NOT_LIVE = ("generate_complaints.py", "demo")
# Helpers that run inside an action on the row it locked (support.py: the dukung action).
ACTION_MODULES = {("complaints", "actions.py"), ("complaints", "support.py")}
# A person opening a reporter's identity leaves an internal timeline entry (privacy/identity.py).
TIMELINE_WRITERS = {("privacy", "identity.py")}
# Names the code gives a complaint it holds.
COMPLAINT_NAMES = re.compile(r"^(c|locked|survivor|\w*complaint\w*)$")


def _owned_fields() -> tuple[set[str], set[str]]:
    """Every field of a complaint, and those no other model has (found on any object)."""
    from django.apps import apps

    owned = {n for f in Complaint._meta.concrete_fields for n in (f.name, f.attname)} - {"id"}
    elsewhere = {
        n
        for model in apps.get_models()
        if model is not Complaint
        for f in model._meta.concrete_fields
        for n in (f.name, f.attname)
    }
    return owned, owned - elsewhere


def _writes(tree: ast.AST, owned: set[str], unique: set[str]) -> list[str]:
    def complaint_held(node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and bool(COMPLAINT_NAMES.match(node.id))

    found = []
    for node in ast.walk(tree):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in ast.walk(target)]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr in owned
                and (target.attr in unique or complaint_held(target.value))
            ):
                found.append(f"line {target.lineno}: {ast.unparse(target)} =")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value)
            if node.func.attr == "update":
                fields = {k.arg for k in node.keywords if k.arg in owned}
                # A queryset of complaints (a dict's update() is not a write).
                if fields and "complaint" in receiver.lower():
                    found.append(f"line {node.lineno}: {receiver}.update({', '.join(fields)})")
            if node.func.attr in {"create", "bulk_create"} and "TimelineEntry" in receiver:
                found.append(f"line {node.lineno}: {receiver}.{node.func.attr}(...)")
    return found


def test_nothing_outside_actions_writes_what_actions_own() -> None:
    """The rule of one owner: only complaints/actions writes a complaint's fields (its status,
    step, deadlines, escalation, agency...) and its timeline, by assignment or by a queryset's
    update(); the worker and every view call an action instead."""
    root = pathlib.Path(__file__).resolve().parents[2]
    owned, unique = _owned_fields()
    assert {"status", "due_at", "escalation_level", "step"} <= owned
    assert "escalation_level" in unique and "status" not in unique
    offenders = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts or any(p in NOT_LIVE for p in parts):
            continue
        if parts[:2] == ("complaints", "actions") or parts[:2] in ACTION_MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for write in _writes(tree, owned, unique):
            if "TimelineEntry" in write and parts[:2] in TIMELINE_WRITERS:
                continue
            offenders.append(f"{'/'.join(parts)} {write}")
    assert offenders == []


def test_the_guard_finds_a_write_of_each_kind() -> None:
    """The guard above can fail: each way of writing a complaint's field is caught."""
    owned, unique = _owned_fields()
    code = """
complaint.status = "closed"
c.due_at, c.step = None, ""
row.escalation_level += 1
Complaint.objects.filter(pk=1).update(agency_id=2)
Complaint.objects.filter(pk=1).update(support_count=F("support_count") + 1)
TimelineEntry.objects.create(complaint=c, kind="note")
outbox.status = "sent"
Outbox.objects.filter(pk=1).update(status="sent")
"""
    found = _writes(ast.parse(code), owned, unique)
    assert [w.split(":")[0] for w in found] == [f"line {n}" for n in (2, 3, 3, 4, 5, 6, 7)]
