"""Three months of demo complaints, each lived through the real actions at back-dated moments.

Every complaint gets a fate (the status it ends in) and a script of steps with delays that lead there,
sometimes with a detour (a question to the citizen, a return as "bukan wewenang", a rejected review, a
dispute). All steps of all complaints are then played in time order with the clock set to each step's
moment, so timelines, deadlines, audit entries and notifications look exactly as if the city had been
running for three months.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from PIL import Image, ImageDraw

from aduan.accounts.models import User
from aduan.agencies.models import Agency, Area, Category
from aduan.agencies.routing import suggest_agency
from aduan.complaints import actions
from aduan.complaints.models import Channel, Complaint, RejectReason
from aduan.complaints.states import FINAL, Status
from aduan.lib.images import CleanImage

from . import city as democity
from . import map as citymap
from . import stories

DAYS = 90
HOUR = timedelta(hours=1)
S = Status

# Category slugs and how often each is reported (rough shares of a real city's complaints).
WEIGHTS: dict[str, int] = {
    "jalan-rusak": 14,
    "sampah-menumpuk": 12,
    "lampu-pju-mati": 10,
    "drainase-tersumbat": 7,
    "banjir-genangan": 6,
    "parkir-liar": 6,
    "air-pdam-mati": 6,
    "pedagang-kaki-lima": 5,
    "layanan-ktp-kk": 5,
    "pohon-tumbang": 4,
    "fasilitas-kesehatan": 3,
    "pungli": 3,
}
OTHER_WEIGHT = 1
PHYSICAL_GROUPS = {
    "Infrastruktur",
    "Bencana",
    "Lingkungan",
    "Ketertiban",
    "Transportasi",
    "Darurat",
}

# Fates by the complaint's age in days: (max age, [(status, weight)]).
FATES_BY_AGE: list[tuple[int, list[tuple[str, int]]]] = [
    (2, [(S.SUBMITTED, 35), (S.ROUTED, 25), (S.NEEDS_INFO, 10), (S.IN_PROGRESS, 20)]),
    (
        10,
        [
            (S.SUBMITTED, 5),
            (S.NEEDS_INFO, 8),
            (S.ROUTED, 12),
            (S.IN_PROGRESS, 30),
            (S.UNDER_REVIEW, 10),
            (S.RESOLVED, 12),
            (S.CLOSED, 13),
            (S.REJECTED, 6),
            (S.MERGED, 4),
        ],
    ),
    (
        30,
        [
            (S.ROUTED, 4),
            (S.NEEDS_INFO, 3),
            (S.IN_PROGRESS, 20),
            (S.UNDER_REVIEW, 6),
            (S.RESOLVED, 10),
            (S.CLOSED, 45),
            (S.REJECTED, 7),
            (S.MERGED, 5),
        ],
    ),
    (
        DAYS + 1,
        [
            (S.IN_PROGRESS, 8),
            (S.UNDER_REVIEW, 2),
            (S.RESOLVED, 3),
            (S.CLOSED, 72),
            (S.REJECTED, 10),
            (S.MERGED, 5),
        ],
    ),
]
# The first complaints are given each fate in turn, so every status is present whatever the count.
GUARANTEED: list[str] = [
    S.SUBMITTED,
    S.NEEDS_INFO,
    S.ROUTED,
    S.IN_PROGRESS,
    S.UNDER_REVIEW,
    S.RESOLVED,
]
GUARANTEED += [S.CLOSED, S.REJECTED, S.MERGED]

# Steps taken by the citizen or the system, at any hour; the rest happen in office hours.
CITIZEN_STEPS = {"submit", "answer", "dispute", "confirm", "close"}
# Fates only a complaint that stops at the desk can have.
DESK_FATES = {S.SUBMITTED, S.NEEDS_INFO, S.REJECTED, S.MERGED}

CHANNELS: list[tuple[str, int]] = [
    (Channel.WEB, 62),
    (Channel.WHATSAPP, 12),
    (Channel.PHONE, 7),
    (Channel.SOCIAL, 7),
    (Channel.WALK_IN, 4),
    (Channel.EMAIL, 4),
    (Channel.LETTER, 2),
    (Channel.LAPOR, 2),
]


@dataclass
class Plan:
    """One complaint to be: what it is about, who reports it, and the steps of its life."""

    index: int
    category: Category
    area: Area
    start: datetime
    fate: str
    channel: str
    by_citizen: bool
    anonymous: bool
    confidential: bool
    located: bool
    steps: list[tuple[datetime, str]] = field(default_factory=list)
    merge_with: int | None = None
    complaint: Complaint | None = None


class DemoHistory:
    """Plans and plays the complaints; rng makes every run tell the same stories."""

    def __init__(
        self,
        *,
        agencies: dict[str, Agency],
        categories: dict[str, Category],
        areas: dict[str, Area],
        people: dict[str, User],
        count: int,
        seed: int = 2024,
        now: datetime | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        self.agencies = agencies
        self.categories = categories
        self.people = people
        self.count = count
        self.tz = ZoneInfo(settings.TIME_ZONE)
        real_now = now or datetime.now(self.tz)
        # Whole minutes, so the story does not depend on when within a minute it was loaded.
        self.now = real_now.replace(second=0, microsecond=0)
        self.villages = [a for a in areas.values() if a.code.count(".") == 3]
        self.cells = {a.code: democity.village_cells_of(a) for a in self.villages}
        self.plans: list[Plan] = []
        self.officer_of: dict[str, User] = self._officers()

    # -- planning --------------------------------------------------------------------------

    def _officers(self) -> dict[str, User]:
        """The officer who handles each agency node: the nearest one up the tree."""
        by_code = {
            account.agency: self.people[account.username]
            for account in democity.ACCOUNTS
            if account.role == "officer"
        }
        by_code |= {
            code: self.people[democity.officer_username(code)] for code in democity.OTHER_OFFICERS
        }
        result = {}
        for code, agency in self.agencies.items():
            node: Agency | None = agency
            while node is not None and node.code not in by_code:
                node = node.parent
            if node is not None:
                result[code] = by_code[node.code]
        return result

    def _pick(self, choices: list[tuple[str, int]]) -> str:
        values, weights = zip(*choices, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def _start(self) -> datetime:
        """A moment in the last three months, mostly in waking hours."""
        day = self.now.date() - timedelta(days=self.rng.randint(0, DAYS - 1))
        hour = self.rng.choices(range(24), weights=[1] * 6 + [4] * 4 + [6] * 8 + [4] * 4 + [2] * 2)[
            0
        ]
        moment = datetime.combine(day, time(hour, self.rng.randint(0, 59)), tzinfo=self.tz)
        if moment > self.now - 2 * HOUR:
            moment = self.now - timedelta(hours=self.rng.uniform(2, 30))
        return moment.replace(second=0, microsecond=0)

    def plan(self) -> list[Plan]:
        slugs = list(self.categories)
        weights = [WEIGHTS.get(slug, OTHER_WEIGHT) for slug in slugs]
        for index in range(self.count):
            start = self._start()
            age = (self.now - start).days
            fate: str
            if index < len(GUARANTEED):
                fate = GUARANTEED[index]
            else:
                fate = self._pick(next(f for limit, f in FATES_BY_AGE if age < limit))
            category = self.categories[self.rng.choices(slugs, weights=weights)[0]]
            while category.auto_route and fate in DESK_FATES:
                # Auto-routed reports never wait at the desk, so they cannot end there.
                category = self.categories[self.rng.choices(slugs, weights=weights)[0]]
            channel = self._pick(CHANNELS)
            plan = Plan(
                index=index,
                category=category,
                area=self.rng.choice(self.villages),
                start=start,
                fate=fate,
                channel=channel,
                by_citizen=channel == Channel.WEB and self.rng.random() < 0.08,
                anonymous=self.rng.random() < 0.15,
                confidential=self.rng.random() < 0.05,
                located=category.group in PHYSICAL_GROUPS and self.rng.random() < 0.7,
            )
            self._script(plan)
            self.plans.append(plan)
        return self.plans

    def _script(self, plan: Plan) -> None:
        """The steps that take this complaint to its fate, with realistic delays."""
        r = self.rng.uniform
        urgent = plan.category.is_urgent
        pace = 0.15 if urgent else 1.0
        steps: list[tuple[float, str]] = [(0, "submit")]
        t = 0.0

        def then(hours: float, step: str) -> None:
            nonlocal t
            t += hours * pace
            steps.append((t, step))

        fate = plan.fate
        auto_routed = plan.category.auto_route
        if fate == S.MERGED:
            then(r(1, 20), "merge")
        elif fate == S.REJECTED:
            if self.rng.random() < 0.3:
                then(r(2, 20), "ask")
                then(r(4, 60), "answer")
            then(r(2, 30), "reject")
        elif fate == S.NEEDS_INFO:
            then(r(1, 20), "ask")
        elif fate == S.SUBMITTED:
            if not auto_routed and self.rng.random() < 0.4:
                then(r(2, 24), "verify")
                then(r(4, 48), "return")
        else:
            if not auto_routed:
                then(r(1, 30), "verify")
            if fate != S.ROUTED:
                then(r(1, 48), "accept")
                if self.rng.random() < 0.4:
                    then(r(1, 24), "unit")
                if self.rng.random() < 0.5:
                    then(r(12, 96), "update")
                if self.rng.random() < 0.08:
                    then(r(4, 48), "coordinate")
                if self.rng.random() < 0.1:
                    then(r(4, 48), "ask")
                    then(r(2, 72), "answer")
            if fate in (S.UNDER_REVIEW, S.RESOLVED, S.CLOSED):
                then(r(24, 200), "resolve")
                if self.rng.random() < 0.12:
                    then(r(4, 48), "review_reject")
                    then(r(12, 72), "resolve")
            if fate in (S.RESOLVED, S.CLOSED):
                then(r(2, 40), "approve")
                if fate == S.CLOSED and self.rng.random() < 0.1:
                    then(r(12, 72), "dispute")
                    then(r(24, 96), "resolve")
                    then(r(2, 40), "approve")
            if fate == S.CLOSED:
                if self.rng.random() < 0.2 and (self.now - plan.start).days > 45:
                    t += 15 * 24  # ten working days without an answer, whatever the pace
                    steps.append((t, "close"))
                else:
                    then(r(2, 96), "confirm")
        # Squeeze the script into the time between submission and now, keeping its rhythm.
        room = (self.now - plan.start) / HOUR - 0.5
        squeeze = min(1.0, room / t) if t > 0 else 1.0
        timed = [(plan.start + timedelta(hours=h * squeeze), step) for h, step in steps]
        plan.steps = timed if urgent else self._in_office_hours(timed)

    def _in_office_hours(self, steps: list[tuple[datetime, str]]) -> list[tuple[datetime, str]]:
        """Move staff steps into office hours (Mon–Fri 08–16), keeping order; as is if no room."""
        moved = [steps[0]]
        previous = steps[0][0]
        for when, step in steps[1:]:
            if step not in CITIZEN_STEPS:
                local = when.astimezone(self.tz)
                while local.isoweekday() > 5 or not 8 <= local.hour < 16:
                    if local.hour >= 16 or local.isoweekday() > 5:
                        local += timedelta(days=1)
                    # Work left from the night is picked up during the morning.
                    local = local.replace(
                        hour=self.rng.randint(8, 11), minute=self.rng.randint(0, 59)
                    )
                when = local
            when = max(when, previous + timedelta(minutes=self.rng.randint(5, 90)))
            if when > self.now - timedelta(minutes=10):
                return steps
            moved.append((when, step))
            previous = when
        return moved

    # -- playing ---------------------------------------------------------------------------

    def play(self, progress: Callable[[int, int], None] | None = None) -> None:
        events = [
            (when, plan.index, n, step)
            for plan in self.plans
            for n, (when, step) in enumerate(plan.steps)
        ]
        events.sort()
        for done, (when, index, _n, step) in enumerate(events, 1):
            plan = self.plans[index]
            with time_machine.travel(when, tick=False):
                try:
                    getattr(self, f"_do_{step}")(plan)
                except Exception as exc:
                    raise RuntimeError(
                        f"demo complaint #{index} ({plan.category.slug}, fate {plan.fate}): "
                        f"step {step!r} at {when:%Y-%m-%d %H:%M} failed: {exc}"
                    ) from exc
            if progress is not None and done % 200 == 0:
                progress(done, len(events))

    @property
    def verifier(self) -> User:
        return self.people["verifikator"]

    def _officer(self, plan: Plan) -> User:
        c = self._complaint(plan)
        node = c.unit or c.agency
        assert node is not None
        return self.officer_of[node.code]

    @staticmethod
    def _shares(plan: Plan) -> bool:
        """Whether this reporter chose to make their answers and comments public: half of them
        (by index, so the stories stay the same whatever else is drawn)."""
        return plan.index % 2 == 0

    def _reporter(self, plan: Plan) -> Any:
        return self.people["warga"] if plan.by_citizen else actions.VIA_SECRET_LINK

    def _complaint(self, plan: Plan) -> Complaint:
        assert plan.complaint is not None
        return plan.complaint

    def _target(self, plan: Plan) -> Agency:
        target = suggest_agency(plan.category, plan.area)
        return target if target is not None else self.agencies["dlh"]

    def _photo(self, plan: Plan, kind: str) -> CleanImage:
        """A small picture standing in for the citizen's or the officer's photo."""
        rng = random.Random(plan.index * 10 + len(kind))
        image = Image.new("RGB", (480, 360), (rng.randint(90, 160), rng.randint(90, 140), 90))
        draw = ImageDraw.Draw(image)
        for _ in range(6):
            x, y = rng.randint(0, 440), rng.randint(0, 320)
            colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
            draw.rectangle([x, y, x + rng.randint(20, 120), y + rng.randint(20, 90)], fill=colour)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=70)
        return CleanImage(buffer.getvalue(), "image/jpeg", 480, 360, kind)

    def _do_submit(self, plan: Plan) -> None:
        rng = random.Random(plan.index)
        title, description = rng.choice(stories.REPORTS[plan.category.slug])
        district = plan.area.code.rsplit(".", 1)[0]
        place = rng.choice(stories.PLACES[district])
        address = (
            f"{place} {rng.choice(stories.HOUSE_NUMBERS)}, {rng.choice(stories.RT_RW)}, "
            f"Kel. {plan.area.name}"
        )
        latitude = longitude = None
        if plan.located:
            latitude, longitude = citymap.random_point_in(self.cells[plan.area.code], rng)
        name = f"{rng.choice(stories.FIRST_NAMES)} {rng.choice(stories.LAST_NAMES)}"
        citizen = self.people["warga"]
        reporter = actions.ReporterDetails(
            name=citizen.citizen_name if plan.by_citizen else name,
            phone=f"08{rng.randint(11, 99)}{rng.randint(10_000_000, 99_999_999)}",
            email=citizen.citizen_email
            if plan.by_citizen
            else f"{name.split()[0].lower()}{plan.index}@example.com",
            user=citizen if plan.by_citizen else None,
            channel_reference=(
                f"Surat No. 045/{plan.index:03d}/RT" if plan.channel == Channel.LETTER else ""
            ),
        )
        by = (
            citizen if plan.by_citizen else (None if plan.channel == Channel.WEB else self.verifier)
        )
        photos = [self._photo(plan, "photo")] if plan.located and rng.random() < 0.4 else []
        plan.complaint = actions.submit_complaint(
            by=by,
            category=plan.category,
            title=title.format(place=place)[:150],
            description=description.format(place=place),
            occurred_on=plan.start.date() - timedelta(days=rng.randint(0, 3)),
            area=plan.area,
            address=address,
            latitude=latitude,
            longitude=longitude,
            channel=plan.channel,
            is_anonymous=plan.anonymous,
            is_confidential=plan.confidential,
            reporter=reporter,
            photos=photos,
        )

    def _do_verify(self, plan: Plan) -> None:
        c = self._complaint(plan)
        target = self._target(plan)
        if plan.fate == S.SUBMITTED:
            # The desk guesses wrong; the agency will send it back as "bukan wewenang".
            target = self.agencies["dishub" if target.code != "dishub" else "satpol-pp"]
        plan.complaint = actions.verify_complaint(c, by=self.verifier, target=target)

    def _do_return(self, plan: Plan) -> None:
        plan.complaint = actions.return_not_authority(
            self._complaint(plan),
            by=self._officer(plan),
            reason=self.rng.choice(stories.NOT_AUTHORITY),
        )

    def _do_ask(self, plan: Plan) -> None:
        c = self._complaint(plan)
        by = self.verifier if c.status == S.SUBMITTED else self._officer(plan)
        plan.complaint = actions.request_info(c, by=by, question=self.rng.choice(stories.QUESTIONS))

    def _do_answer(self, plan: Plan) -> None:
        plan.complaint = actions.provide_info(
            self._complaint(plan),
            by=self._reporter(plan),
            answer=self.rng.choice(stories.ANSWERS),
            public=self._shares(plan),
        )

    def _do_reject(self, plan: Plan) -> None:
        reason = self.rng.choice(
            [RejectReason.OUT_OF_SCOPE, RejectReason.NOT_GOVERNMENT, RejectReason.SPAM]
        )
        plan.complaint = actions.reject_complaint(
            self._complaint(plan), by=self.verifier, reason=reason
        )

    def _do_merge(self, plan: Plan) -> None:
        c = self._complaint(plan)
        live = [
            p.complaint for p in self.plans if p.complaint is not None and p.index != plan.index
        ]
        live = [x for x in live if x.status not in FINAL and x.created_at < c.created_at]
        same = [x for x in live if x.category_id == c.category_id] or live
        if not same:
            # Nothing to merge into yet: the desk rejects it as a duplicate of an older case.
            plan.complaint = actions.reject_complaint(
                c, by=self.verifier, reason=RejectReason.DUPLICATE
            )
            return
        survivor = Complaint.objects.get(pk=self.rng.choice(same).pk)
        plan.complaint = actions.merge_complaint(c, by=self.verifier, into=survivor)

    def _do_accept(self, plan: Plan) -> None:
        plan.complaint = actions.accept_complaint(self._complaint(plan), by=self._officer(plan))

    def _do_unit(self, plan: Plan) -> None:
        c = self._complaint(plan)
        node = c.unit or c.agency
        assert node is not None
        children = list(Agency.objects.filter(parent=node).order_by("code"))
        if not children:
            return
        matching = [child for child in children if child.area_id == plan.area.code]
        unit = (matching or children)[self.rng.randrange(len(matching or children))]
        plan.complaint = actions.route_to_unit(c, by=self._officer(plan), unit=unit)

    def _do_update(self, plan: Plan) -> None:
        texts = stories.UPDATES.get(plan.category.slug, stories.GENERIC_UPDATES)
        plan.complaint = actions.post_update(
            self._complaint(plan), by=self._officer(plan), message=self.rng.choice(texts)
        )

    def _do_coordinate(self, plan: Plan) -> None:
        c = self._complaint(plan)
        helper = self.agencies[
            "satpol-pp" if c.agency and c.agency.code != "satpol-pp" else "dishub"
        ]
        plan.complaint = actions.request_coordination(
            c, by=self._officer(plan), agency=helper, message=stories.COORDINATION
        )

    def _do_resolve(self, plan: Plan) -> None:
        c = self._complaint(plan)
        photos = []
        if plan.category.evidence_required:
            photos = [self._photo(plan, "before"), self._photo(plan, "after")]
        elif self.rng.random() < 0.4:
            photos = [self._photo(plan, "after")]
        message = stories.RESOLUTIONS.get(plan.category.slug, stories.GENERIC_RESOLUTION)
        plan.complaint = actions.resolve_complaint(
            c, by=self._officer(plan), message=message, photos=photos
        )

    def _do_review_reject(self, plan: Plan) -> None:
        plan.complaint = actions.reject_resolution(
            self._complaint(plan), by=self.verifier, reason=stories.REVIEW_REJECTIONS[0]
        )

    def _do_approve(self, plan: Plan) -> None:
        c = self._complaint(plan)
        by = self.verifier
        if c.agency is not None and c.agency.code == "dinas-pupr" and self.rng.random() < 0.5:
            by = self.people["pimpinan_pupr"]
        plan.complaint = actions.approve_resolution(c, by=by)

    def _do_dispute(self, plan: Plan) -> None:
        plan.complaint = actions.dispute_resolution(
            self._complaint(plan),
            by=self._reporter(plan),
            reason=self.rng.choice(stories.DISPUTES),
            public=self._shares(plan),
        )

    def _do_confirm(self, plan: Plan) -> None:
        rating = self.rng.choices([5, 4, 3, 2, 1], weights=[40, 30, 15, 10, 5])[0]
        plan.complaint = actions.confirm_resolution(
            self._complaint(plan),
            by=self._reporter(plan),
            rating=rating,
            comment=self.rng.choice(stories.RATING_COMMENTS[rating]),
            public=self._shares(plan),
        )

    def _do_close(self, plan: Plan) -> None:
        plan.complaint = actions.close_unanswered(self._complaint(plan))
