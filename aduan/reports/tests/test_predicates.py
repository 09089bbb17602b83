"""The city's own rating names: predicates and their thresholds are data, edited in the admin."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from aduan.reports import files, monthly
from aduan.reports.models import ScoreFormula, ScorePredicate
from aduan.reports.period import Month
from aduan.reports.tests.handmade import NOW, build_july
from aduan.testing import City, staff_login

LETTERS = [("A", 90), ("B", 80), ("C", 70), ("D", 60), ("E", 0)]


def _letters() -> ScoreFormula:
    ScoreFormula.objects.update(is_active=False)
    formula = ScoreFormula.objects.create(name="Peringkat huruf", valid_from="2026-01-01")
    for name, lowest in LETTERS:
        formula.predicates.create(name=name, lowest_score=lowest)
    return formula


def test_a_city_that_rates_by_letters_sees_letters_in_its_report(city: City) -> None:
    build_july(city)
    _letters()

    report = monthly.build(Month(2026, 7), now=NOW)

    assert [(str(f.agency), f.score.predicate) for f in report.agencies if f.score] == [
        ("Kelurahan Sukarasa", "A"),
        ("Dinas PUPR", "C"),
        ("DLH", "D"),
    ]
    assert report.overall.predicate == "C"
    html = files.render_html(report)
    assert "Predikat: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, E di bawahnya." in html
    assert "Sangat Baik" not in html


def test_the_built_in_words_stay_for_a_city_that_changed_nothing(city: City) -> None:
    build_july(city)
    report = monthly.build(Month(2026, 7), now=NOW)
    assert report.overall.predicate == "Sedang"
    assert "Predikat: Sangat Baik ≥ 90, Baik ≥ 80, Sedang ≥ 70, Kurang di bawahnya." in (
        files.render_html(report)
    )


@pytest.fixture
def admin(client: Client, city: City) -> Client:
    city.administrator.is_superuser = True
    city.administrator.save()
    staff_login(client, city.administrator)
    return client


def _new_formula(**rows: Any) -> dict[str, Any]:
    data = {
        "name": "Rumus 2027",
        "weight_on_time": "50",
        "weight_completion": "30",
        "weight_satisfaction": "20",
        "valid_from": "2027-01-01",
        "is_active": "on",
        "predicates-TOTAL_FORMS": str(len(rows)),
        "predicates-INITIAL_FORMS": "0",
        "predicates-MIN_NUM_FORMS": "1",
        "predicates-MAX_NUM_FORMS": "1000",
    }
    for i, (name, lowest) in enumerate(rows.items()):
        data[f"predicates-{i}-name"] = name
        data[f"predicates-{i}-lowest_score"] = str(lowest)
    return data


def test_a_new_formula_starts_with_the_usual_four_predicates(admin: Client) -> None:
    page = admin.get("/admin/reports/scoreformula/add/").content.decode()
    for name in ("Sangat Baik", "Baik", "Sedang", "Kurang"):
        assert f'value="{name}"' in page


def test_a_formula_with_letters_is_saved(admin: Client) -> None:
    response = admin.post("/admin/reports/scoreformula/add/", _new_formula(A=85, B=70, C=0))
    assert response.status_code == 302
    formula = ScoreFormula.objects.get(name="Rumus 2027")
    assert formula.bands() == [("A", Decimal(85)), ("B", Decimal(70)), ("C", Decimal(0))]


def test_a_formula_that_leaves_low_scores_unnamed_is_refused(admin: Client) -> None:
    response = admin.post("/admin/reports/scoreformula/add/", _new_formula(A=85, B=70))
    assert response.status_code == 200
    assert "Satu predikat harus mulai dari nilai 0" in response.content.decode()
    assert not ScoreFormula.objects.filter(name="Rumus 2027").exists()
    assert not ScorePredicate.objects.filter(name="A").exists()


def test_two_predicates_from_the_same_score_are_refused(admin: Client) -> None:
    response = admin.post("/admin/reports/scoreformula/add/", {**_new_formula(A=70, B=70, C=0)})
    assert response.status_code == 200
    assert "Dua predikat tidak boleh mulai dari nilai yang sama" in response.content.decode()
    assert not ScoreFormula.objects.filter(name="Rumus 2027").exists()
