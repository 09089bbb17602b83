"""Server-drawn charts: accessible names, escaped labels, and a map that copes without outlines."""

from __future__ import annotations

from aduan.reports.charts import Point, Region, bars, choropleth, columns


def test_a_bar_chart_has_a_title_a_description_and_escaped_labels() -> None:
    svg = str(bars([Point("<Sampah>", 3), Point("Jalan", 6)], title="Judul", desc="Uraian"))
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "&lt;Sampah&gt;" in svg and "<Sampah>" not in svg


def test_columns_draw_one_bar_per_band() -> None:
    svg = str(columns([Point(f"{i}", i) for i in range(11)], title="t", desc="d"))
    assert svg.count("<rect") == 11


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
