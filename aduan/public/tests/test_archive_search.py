"""Full-text search (aduan.complaints.search) on PostgreSQL and SQLite, and through /arsip/?q=."""

from __future__ import annotations

import pytest
from django.db import connection

from aduan.complaints import search
from aduan.complaints.models import Complaint
from aduan.testing import City, submit

# These tests are about what the public pages do with public complaints; when a complaint becomes
# public is test_publishing.py's subject.
pytestmark = pytest.mark.usefixtures("published_as_sent")

HOSTILE = [
    '"',
    "AND OR",
    "*",
    ")(",
    "NEAR(",
    "title:jalan",
    "'; DROP TABLE x; --",
    "\x00",
    "-",
    "^",
]


def _found(query: str) -> list[str]:
    return list(search.search(Complaint.objects.public(), query).values_list("title", flat=True))


def test_it_finds_a_plain_word_in_the_title_or_the_description(city: City) -> None:
    submit(city, title="Lampu jalan mati", description="Sudah gelap sejak seminggu.")
    submit(city, title="Sampah di sungai", description="Tumpukan plastik menyumbat selokan.")

    assert _found("lampu") == ["Lampu jalan mati"]
    assert _found("plastik") == ["Sampah di sungai"]
    assert _found("SELOKAN") == ["Sampah di sungai"]


def test_every_word_must_match(city: City) -> None:
    submit(city, title="Lampu jalan mati", description="Gelap.")
    submit(city, title="Jalan berlubang", description="Lubang besar.")

    assert _found("jalan lampu") == ["Lampu jalan mati"]
    assert sorted(_found("jalan")) == ["Jalan berlubang", "Lampu jalan mati"]


def test_jalan_berlubang_finds_jalanan_berlubang(city: City) -> None:
    # PostgreSQL stems with its indonesian configuration; SQLite matches each word as a prefix.
    submit(city, title="Jalanan berlubang dekat pasar", description="Banyak motor jatuh.")
    submit(city, title="Pohon tumbang", description="Menutup trotoar.")

    assert _found("jalan berlubang") == ["Jalanan berlubang dekat pasar"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")
def test_postgresql_stems_indonesian_words(city: City) -> None:
    submit(city, title="Pelayanan lambat", description="Antrean perizinan sangat panjang.")

    assert _found("layan") == ["Pelayanan lambat"]


def test_better_matches_come_first(city: City) -> None:
    submit(city, title="Saluran air tersumbat", description="Air meluap ke jalan.")
    submit(city, title="Banjir banjir banjir", description="Banjir setinggi lutut, banjir lagi.")

    assert _found("banjir")[0] == "Banjir banjir banjir"


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_do_not_fail(city: City, query: str) -> None:
    submit(city, title="Jalan rusak", description="Aspal mengelupas.")

    results = _found(query)

    assert results == [] or results == ["Jalan rusak"]


def test_quotes_and_brackets_around_words_are_ignored(city: City) -> None:
    submit(city, title="Jalan rusak", description="Aspal mengelupas.")

    assert _found('"jalan" rusak)') == ["Jalan rusak"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 query syntax")
def test_sqlite_searches_operators_as_words_instead_of_obeying_them(city: City) -> None:
    submit(city, title="Jalan rusak", description="Aspal mengelupas.")

    assert _found("jalan OR banjir") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="websearch_to_tsquery syntax")
def test_postgresql_understands_web_search_syntax(city: City) -> None:
    submit(city, title="Jalan rusak", description="Aspal mengelupas.")
    submit(city, title="Banjir", description="Air setinggi lutut.")

    assert sorted(_found("jalan or banjir")) == ["Banjir", "Jalan rusak"]
    assert _found("jalan -aspal") == []


def test_a_query_without_words_matches_nothing(city: City) -> None:
    submit(city)

    assert not search.is_searchable(')( * "')
    assert _found(')( * "') == []


def test_search_follows_edits_and_deletions(city: City) -> None:
    complaint = submit(city, title="Trotoar rusak", description="Paving lepas.")
    assert _found("trotoar") == ["Trotoar rusak"]

    Complaint.objects.filter(pk=complaint.pk).update(title="Halte rusak")
    assert _found("trotoar") == []
    assert _found("halte") == ["Halte rusak"]

    Complaint.objects.filter(pk=complaint.pk).delete()
    assert _found("halte") == []


def test_fts5_expression_quotes_every_word() -> None:
    assert search.fts5_expression('jalan "OR" NEAR(x') == '"jalan" * "or" "near" * "x"'
    assert search.fts5_expression(")(") == ""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_the_sqlite_index_is_repaired_when_its_triggers_were_dropped(city: City) -> None:
    submit(city, title="Trotoar rusak", description="Paving lepas.")
    with connection.cursor() as cursor:
        for name in search.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    Complaint.objects.update(title="Halte rusak")

    assert search.ensure_sqlite_index() is True
    assert _found("halte") == ["Halte rusak"]
    assert search.ensure_sqlite_index() is False


def test_only_the_newest_matches_are_ranked(city: City) -> None:
    oldest = submit(city, title="Banjir banjir banjir", description="Banjir lagi.")
    Complaint.objects.filter(pk=oldest.pk).update(created_at=oldest.created_at.replace(year=2020))
    submit(city, title="Banjir kecil", description="Genangan.")
    submit(city, title="Banjir di pasar", description="Air naik.")

    ranked = list(search.search(Complaint.objects.all(), "banjir", window=2))

    assert sorted(c.title for c in ranked) == ["Banjir di pasar", "Banjir kecil"]
    assert search.matching(Complaint.objects.all(), "banjir").count() == 3


def test_a_match_older_than_many_non_matching_complaints_is_still_found(city: City) -> None:
    old = submit(city, title="Trotoar ambles", description="Paving turun.")
    Complaint.objects.filter(pk=old.pk).update(created_at=old.created_at.replace(year=2020))
    for n in range(3):
        submit(city, title=f"Sampah {n}", description="Bau.")

    ranked = list(search.search(Complaint.objects.all(), "trotoar", window=2))

    assert [c.title for c in ranked] == ["Trotoar ambles"]
