"""Server-drawn charts: accessible names, escaped labels, and a map that copes without outlines."""

from __future__ import annotations

from aduan.reports.charts import Point, Region, bars, choropleth


def test_a_bar_chart_has_a_title_a_description_and_escaped_labels() -> None:
    svg = str(bars([Point("<Sampah>", 3), Point("Jalan", 6)], title="Judul", desc="Uraian"))
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "&lt;Sampah&gt;" in svg and "<Sampah>" not in svg


def test_short_labels_sit_beside_their_bars_and_long_ones_above() -> None:
    bands = str(bars([Point(f"{i}–{i + 10} jam", i) for i in range(11)], title="t", desc="d"))
    assert bands.count("<rect") == 11
    assert 'text-anchor="end"' in bands  # right-aligned beside the bar
    long = str(bars([Point("Dinas Lingkungan Hidup dan Kebersihan", 3)], title="t", desc="d"))
    assert "Dinas Lingkungan Hidup dan Kebersihan" in long  # never shortened
    assert 'text-anchor="end"' not in long


def test_a_linked_map_is_a_group_of_named_links_not_an_image() -> None:
    linked = str(
        choropleth(
            [Region("36.71.01.1001", "Sukarasa", "M0 0 L10 0 Z", 5, "/x/")], title="t", desc="d"
        )
    )
    assert 'role="group"' in linked and 'aria-label="Sukarasa: 5"' in linked
    plain = str(
        choropleth([Region("36.71.01.1001", "Sukarasa", "M0 0 L10 0 Z", 5)], title="t", desc="d")
    )
    assert 'role="img"' in plain


def test_the_map_shades_areas_links_them_and_skips_bad_outlines() -> None:
    regions = [
        Region(
            "36.71.01.1001", "Sukarasa", "M0 0 L10 0 L10 10 Z", 5, "/staf/antrean/semua/?area=1"
        ),
        Region("36.71.01.1002", "Sukasari", "M10 0 L20 0 L20 10 Z", 1),
        Region("36.71.01.1003", "Rusak", "M0 0 <script>", 9),
        Region("36.71.01.1004", "Kosong", "", 2),
    ]
    svg = str(choropleth(regions, title="Peta", desc="d"))
    assert svg.count("<path") == 2
    assert "<title>Sukarasa: 5</title>" in svg
    assert 'href="/staf/antrean/semua/?area=1"' in svg
    assert "script" not in svg
    assert "#0f5570" in svg and "#c6dbe6" in svg  # the most and the fewest


def test_without_any_outline_there_is_no_map() -> None:
    assert choropleth([Region("36.71.01.1001", "Sukarasa", "", 5)], title="t", desc="d") is None
