"""The agency tree's materialised paths: set on creation, and re-pathed when a node moves."""

from __future__ import annotations

import pytest

from aduan.agencies.models import Agency
from aduan.testing import City

pytestmark = pytest.mark.django_db


def test_a_new_unit_gets_a_path_under_its_parent(city: City) -> None:
    assert city.root.path == f"/{city.root.pk}/"
    assert city.agency_a.path == f"/{city.root.pk}/{city.agency_a.pk}/"
    assert city.unit_a.path == f"{city.agency_a.path}{city.unit_a.pk}/"
    assert city.unit_a.is_within(city.agency_a) and city.unit_a.is_within(city.root)
    assert not city.unit_a.is_within(city.agency_b)


def test_moving_a_unit_re_paths_its_whole_subtree(city: City) -> None:
    section = Agency.objects.create(
        code="seksi-jalan", name="Seksi Jalan", kind=Agency.Kind.UNIT, parent=city.unit_a
    )
    team = Agency.objects.create(
        code="regu-tambal", name="Regu Tambal", kind=Agency.Kind.UNIT, parent=section
    )

    city.unit_a.parent = city.agency_b
    city.unit_a.save()

    section.refresh_from_db()
    team.refresh_from_db()
    assert section.path == f"{city.agency_b.path}{city.unit_a.pk}/{section.pk}/"
    assert team.path == f"{section.path}{team.pk}/"
    assert set(Agency.objects.subtree(city.agency_b)) == {city.agency_b, city.unit_a, section, team}
    assert not Agency.objects.subtree(city.agency_a).exclude(pk=city.agency_a.pk).exists()
    assert team.top == city.agency_b


def test_renaming_a_node_keeps_its_subtree_paths(city: City) -> None:
    before = city.unit_a.path
    city.agency_a.name = "Dinas Bina Marga dan Sumber Daya Air"
    city.agency_a.save()

    city.unit_a.refresh_from_db()
    assert city.unit_a.path == before
