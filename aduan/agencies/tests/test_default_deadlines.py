"""DESIGN §3's time limits are rows; a database left without any (a flush) gets them back."""

from __future__ import annotations

from django.apps import apps
from django.core.management import call_command

from aduan.agencies.apps import restore_default_deadlines
from aduan.agencies.models import DeadlineRule


def _defaults() -> set[tuple[str, str, int]]:
    rules = DeadlineRule.objects.filter(category=None, complexity="")
    return {(r.step, r.classification, r.amount) for r in rules}


def test_after_a_flush_the_default_deadlines_are_back(db: None) -> None:
    before = _defaults()
    assert ("completion", "misconduct", 60) in before
    call_command("flush", interactive=False, verbosity=0)
    assert _defaults() == before


def test_rules_an_administrator_edited_stay_as_they_are(db: None) -> None:
    DeadlineRule.objects.exclude(step="completion").delete()
    DeadlineRule.objects.filter(step="completion").update(amount=9)
    restore_default_deadlines(sender=apps.get_app_config("agencies"))
    assert {(step, amount) for step, _, amount in _defaults()} == {("completion", 9)}
