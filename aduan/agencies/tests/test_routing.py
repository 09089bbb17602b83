"""Routing: the most specific rule wins (category + kelurahan > category + kecamatan > category > area)."""

from __future__ import annotations

import pytest

from aduan.agencies.models import Agency, Category, RoutingRule
from aduan.agencies.routing import suggest_agency
from aduan.testing import City

pytestmark = pytest.mark.django_db


def test_the_category_rule_applies_when_nothing_more_specific_exists(city: City) -> None:
    assert suggest_agency(city.road, city.kelurahan) == city.agency_a


def test_a_rule_for_the_category_in_the_kecamatan_beats_the_category_rule(city: City) -> None:
    RoutingRule.objects.create(category=city.road, area=city.kecamatan, agency=city.unit_a)

    assert suggest_agency(city.road, city.kelurahan) == city.unit_a


def test_a_rule_for_the_category_in_the_kelurahan_beats_the_kecamatan_rule(city: City) -> None:
    village_office = Agency.objects.create(
        code="kel-sukarasa", name="Kelurahan Sukarasa", kind=Agency.Kind.VILLAGE, parent=city.root
    )
    RoutingRule.objects.create(category=city.road, area=city.kecamatan, agency=city.unit_a)
    RoutingRule.objects.create(category=city.road, area=city.kelurahan, agency=village_office)

    assert suggest_agency(city.road, city.kelurahan) == village_office
    # The neighbouring kelurahan has no rule of its own: the kecamatan rule applies there.
    assert suggest_agency(city.road, city.kelurahan_2) == city.unit_a


def test_a_category_rule_beats_a_rule_for_the_area_alone(city: City) -> None:
    RoutingRule.objects.create(area=city.kelurahan, agency=city.agency_b)

    assert suggest_agency(city.road, city.kelurahan) == city.agency_a


def test_an_area_rule_applies_to_a_category_without_rules(city: City) -> None:
    info = Category.objects.create(slug="informasi", name="Permintaan Informasi", group="Info")
    RoutingRule.objects.create(area=city.kecamatan, agency=city.agency_b)

    assert suggest_agency(info, city.kelurahan) == city.agency_b


def test_the_deepest_area_rule_wins_among_area_rules(city: City) -> None:
    info = Category.objects.create(slug="informasi", name="Permintaan Informasi", group="Info")
    RoutingRule.objects.create(area=city.kecamatan, agency=city.agency_b)
    RoutingRule.objects.create(area=city.kelurahan, agency=city.agency_a)

    assert suggest_agency(info, city.kelurahan) == city.agency_a
    assert suggest_agency(info, city.kelurahan_2) == city.agency_b


def test_without_a_matching_rule_there_is_no_suggestion(city: City) -> None:
    info = Category.objects.create(slug="informasi", name="Permintaan Informasi", group="Info")

    assert suggest_agency(info, city.kelurahan) is None
    assert suggest_agency(info, None) is None


def test_a_rule_for_another_area_does_not_apply(city: City) -> None:
    RoutingRule.objects.create(category=city.road, area=city.kelurahan_2, agency=city.agency_b)

    assert suggest_agency(city.road, city.kelurahan) == city.agency_a
    assert suggest_agency(city.road, None) == city.agency_a
