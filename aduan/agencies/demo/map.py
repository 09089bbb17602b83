"""Rough outlines and centroids of the demo areas, drawn on one jittered grid so neighbours fit.

The city sits in a 1000 × 600 box. Every kecamatan is a rectangle of grid cells and every
kelurahan a smaller rectangle inside its kecamatan; because all outlines walk the same jittered grid
points, adjacent tiles share their borders exactly, like a real map.
"""

from __future__ import annotations

import random
from decimal import Decimal

CELL = 50  # box units per grid cell
JITTER = 14
COLUMNS, ROWS = 20, 12

# Kecamatan → (first column, first row, columns, rows) on the grid, roughly where they lie:
# the airport side to the north, the Cisadane river through the middle, Jakarta to the east.
DISTRICTS: dict[str, tuple[int, int, int, int]] = {
    "36.71.08": (0, 0, 4, 4),  # Periuk
    "36.71.10": (4, 0, 4, 4),  # Neglasari
    "36.71.03": (8, 0, 4, 4),  # Batuceper
    "36.71.04": (12, 0, 8, 4),  # Benda
    "36.71.09": (0, 4, 4, 4),  # Cibodas
    "36.71.07": (4, 4, 4, 4),  # Karawaci
    "36.71.01": (8, 4, 4, 4),  # Tangerang
    "36.71.05": (12, 4, 4, 4),  # Cipondoh
    "36.71.12": (16, 4, 4, 4),  # Karang Tengah
    "36.71.02": (0, 8, 8, 4),  # Jatiuwung
    "36.71.11": (8, 8, 4, 4),  # Pinang
    "36.71.06": (12, 8, 4, 4),  # Ciledug
    "36.71.13": (16, 8, 4, 4),  # Larangan
}

# The box's corners in the real world, for centroids (Kota Tangerang's rough extent).
NORTH, SOUTH = -6.135, -6.255
WEST, EAST = 106.575, 106.745


def _point(col: int, row: int) -> tuple[int, int]:
    """A grid point, nudged by a fixed amount so outlines look hand-drawn (edges stay straight)."""
    rng = random.Random(col * 1000 + row)
    dx = 0 if col in (0, COLUMNS) else rng.randint(-JITTER, JITTER)
    dy = 0 if row in (0, ROWS) else rng.randint(-JITTER, JITTER)
    return col * CELL + dx, row * CELL + dy


def outline(col: int, row: int, width: int, height: int) -> str:
    """SVG path around a rectangle of cells, through every grid point on its border."""
    points = (
        [(c, row) for c in range(col, col + width)]
        + [(col + width, r) for r in range(row, row + height)]
        + [(c, row + height) for c in range(col + width, col, -1)]
        + [(col, r) for r in range(row + height, row, -1)]
    )
    coords = [_point(c, r) for c, r in points]
    return "M" + " L".join(f"{x},{y}" for x, y in coords) + " Z"


def centroid(col: int, row: int, width: int, height: int) -> tuple[Decimal, Decimal]:
    """Latitude and longitude of the rectangle's centre."""
    x = (col + width / 2) * CELL / (COLUMNS * CELL)
    y = (row + height / 2) * CELL / (ROWS * CELL)
    latitude = NORTH + (SOUTH - NORTH) * y
    longitude = WEST + (EAST - WEST) * x
    return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}")


def village_cells(district: str, index: int, count: int) -> tuple[int, int, int, int]:
    """The cells of the index-th of count kelurahan in a kecamatan: 2×2 blocks, or 2×1 for 8."""
    col, row, width, height = DISTRICTS[district]
    across = 2 if count <= 4 else 4
    down = 2
    w, h = width // across, height // down
    return col + (index % across) * w, row + (index // across) * h, w, h


def random_point_in(
    cells: tuple[int, int, int, int], rng: random.Random
) -> tuple[Decimal, Decimal]:
    """A location inside the rectangle (kept off its edges), for complaints with coordinates."""
    col, row, width, height = cells
    x = (col + width * rng.uniform(0.2, 0.8)) / COLUMNS
    y = (row + height * rng.uniform(0.2, 0.8)) / ROWS
    return (
        Decimal(f"{NORTH + (SOUTH - NORTH) * y:.6f}"),
        Decimal(f"{WEST + (EAST - WEST) * x:.6f}"),
    )
