"""Which follower of a complaint is its reporter, and which of a complaint's messages a follower hears.

The reporter (their follower row, or the citizen account they reported from) gets the secret
tracking link and the links to answer, confirm or dispute. Everyone else who follows a complaint,
supporters and the reporters of complaints merged into it, gets plain news with a public link; a
rahasia complaint sends news to its reporter only. The queue checks when a message is written and
the worker again before it is sent, since a complaint may be made rahasia in between.
"""

from __future__ import annotations

from aduan.complaints.models import Complaint, Follower, Reporter

# Messages about what only the reporter can do: nobody else receives them.
REPORTER_ONLY = frozenset({"complaint_received", "info_reminder"})


def reporter_account(complaint: Complaint) -> int | None:
    """The id of the citizen account the complaint was reported from, if any."""
    if complaint.reporter_id is None:
        return None
    return (
        Reporter.objects.filter(pk=complaint.reporter_id).values_list("user_id", flat=True).first()
    )


def is_reporter(follower: Follower, complaint: Complaint, account: int | None) -> bool:
    """Whether this follower is the complaint's own reporter; `account` is reporter_account()."""
    if (
        follower.source == Follower.Source.REPORTER
        and complaint.reporter_id is not None
        and follower.reporter_id == complaint.reporter_id
    ):
        return True
    if account is None:
        return False
    if follower.user_id == account:
        return True
    return follower.reporter is not None and follower.reporter.user_id == account


def may_hear(follower: Follower, complaint: Complaint, template: str, account: int | None) -> bool:
    """Whether this follower receives this message of this complaint at all."""
    if is_reporter(follower, complaint, account):
        return True
    return not complaint.is_confidential and template not in REPORTER_ONLY
