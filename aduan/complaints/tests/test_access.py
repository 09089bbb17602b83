"""What each persona can see and do: the walls between agencies, told as stories."""

from __future__ import annotations

import pytest
from django.http import Http404

from aduan.complaints import access, actions
from aduan.complaints.errors import NotPermitted
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, submit

# persona → sees agency A's routed complaint, sees agency B's, sees an unrouted one
EXPECTED_VISIBILITY = {
    "citizen": (False, False, False),
    "verifier": (True, True, True),
    "officer_a": (True, False, False),
    "officer_b": (False, True, False),
    "supervisor_a": (True, False, False),
    "leadership": (True, True, True),
    "administrator": (False, False, False),
    "dpo": (True, True, True),
    "outsider": (False, False, False),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED_VISIBILITY))
def test_who_sees_which_complaint(city: City, persona: str) -> None:
    of_a = complaint_in(city, Status.ROUTED)
    of_b = actions.verify_complaint(
        submit(city, category=city.rubbish), by=city.verifier, target=city.agency_b
    )
    unrouted = submit(city)
    user = city.personas[persona]
    visible = set(access.visible_complaints(user).values_list("pk", flat=True))
    seen = (of_a.pk in visible, of_b.pk in visible, unrouted.pk in visible)
    assert seen == EXPECTED_VISIBILITY[persona]
    for complaint, expected in zip((of_a, of_b, unrouted), seen, strict=True):
        if expected:
            assert access.get_complaint_or_404(user, complaint.tracking_code) == complaint
        else:
            with pytest.raises(Http404):
                access.get_complaint_or_404(user, complaint.tracking_code)


def test_anonymous_visitors_see_nothing(city: City) -> None:
    from django.contrib.auth.models import AnonymousUser

    complaint_in(city, Status.ROUTED)
    assert not access.visible_complaints(AnonymousUser()).exists()


def test_an_officer_of_a_unit_sees_only_complaints_routed_to_that_unit(city: City) -> None:
    from aduan.accounts.models import Membership, Role
    from aduan.testing import _user

    unit_officer = _user("petugas_bina_marga")
    Membership.objects.create(user=unit_officer, agency=city.unit_a, role=Role.OFFICER)
    at_agency = complaint_in(city, Status.ROUTED)
    at_unit = actions.route_to_unit(
        complaint_in(city, Status.ROUTED), by=city.officer_a, unit=city.unit_a
    )
    visible = set(access.visible_complaints(unit_officer).values_list("pk", flat=True))
    assert at_unit.pk in visible and at_agency.pk not in visible
    # The agency's own officer still sees the case routed down to the unit.
    assert access.visible_complaints(city.officer_a).filter(pk=at_unit.pk).exists()


def test_an_agency_asked_to_coordinate_sees_the_case_and_may_post_updates(city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    assert not access.visible_complaints(city.officer_b).filter(pk=c.pk).exists()
    actions.request_coordination(
        c, by=city.officer_a, agency=city.agency_b, message="Mohon bantu angkut puing"
    )
    assert access.visible_complaints(city.officer_b).filter(pk=c.pk).exists()
    actions.post_update(c, by=city.officer_b, message="Puing diangkut sore ini.")
    with pytest.raises(NotPermitted):
        actions.resolve_complaint(c, by=city.officer_b, message="Selesai")


def test_the_supervisor_of_a_may_review_a_resolution_of_a_but_not_of_b(city: City) -> None:
    c = complaint_in(city, Status.UNDER_REVIEW)
    actions.approve_resolution(c, by=city.supervisor_a)
    b = actions.verify_complaint(
        submit(city, category=city.rubbish), by=city.verifier, target=city.agency_b
    )
    b = actions.accept_complaint(b, by=city.officer_b)
    b = actions.resolve_complaint(b, by=city.officer_b, message="Sudah diangkut")
    with pytest.raises(NotPermitted):
        actions.approve_resolution(b, by=city.supervisor_a)


# persona → may verify, may accept agency A's routed complaint
EXPECTED_ACTIONS = {
    "citizen": (False, False),
    "verifier": (True, False),
    "officer_a": (False, True),
    "officer_b": (False, False),
    "supervisor_a": (False, True),
    "leadership": (False, True),
    "administrator": (False, False),
    "dpo": (False, False),
    "outsider": (False, False),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED_ACTIONS))
def test_who_may_verify_and_who_may_accept(city: City, persona: str) -> None:
    user = city.personas[persona]
    may_verify, may_accept = EXPECTED_ACTIONS[persona]
    fresh = submit(city)
    routed = complaint_in(city, Status.ROUTED)
    for call, expected in (
        (lambda: actions.verify_complaint(fresh, by=user, target=city.agency_a), may_verify),
        (lambda: actions.accept_complaint(routed, by=user), may_accept),
    ):
        if expected:
            call()
        else:
            with pytest.raises(NotPermitted):
                call()


def test_only_the_desk_and_the_dpo_may_open_reporter_identity(city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    allowed = {name for name, user in city.personas.items() if access.can_view_identity(user, c)}
    assert allowed == {"verifier", "dpo"}


def test_the_reporter_signed_in_may_confirm_their_own_complaint_only(city: City) -> None:
    mine = complaint_in(
        city,
        Status.RESOLVED,
        reporter=actions.ReporterDetails(
            name="Warga", email="warga@example.test", user=city.citizen
        ),
    )
    theirs = complaint_in(city, Status.RESOLVED)
    with pytest.raises(NotPermitted):
        actions.confirm_resolution(theirs, by=city.citizen, rating=5)
    actions.confirm_resolution(mine, by=city.citizen, rating=5)
    mine.refresh_from_db()
    assert mine.status == Status.CLOSED
