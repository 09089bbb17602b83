"""The NIK structural check and masking (DESIGN §6)."""

from aduan.lib import nik


def test_it_accepts_a_well_formed_nik_of_a_man() -> None:
    assert nik.is_valid("3671011708900001")


def test_it_accepts_a_woman_s_nik_with_40_added_to_the_day() -> None:
    assert nik.is_valid("3671015708900002")


def test_it_accepts_digits_typed_with_spaces_and_dots() -> None:
    assert nik.is_valid("3671 0117 0890 0001")
    assert nik.is_valid("3671.011708.900001")


def test_it_rejects_the_wrong_length_and_letters() -> None:
    assert not nik.is_valid("367101170890001")
    assert not nik.is_valid("36710117089000011")
    assert not nik.is_valid("36710117089A0001")
    assert not nik.is_valid("")


def test_it_rejects_an_unknown_province() -> None:
    assert not nik.is_valid("9971011708900001")
    assert not nik.is_valid("0071011708900001")


def test_it_rejects_a_zero_regency_or_district() -> None:
    assert not nik.is_valid("3600011708900001")
    assert not nik.is_valid("3671001708900001")


def test_it_rejects_impossible_birth_dates() -> None:
    assert not nik.is_valid("3671013208900001")  # day 32
    assert not nik.is_valid("3671017213900001")  # woman, day 32
    assert not nik.is_valid("3671011713900001")  # month 13
    assert not nik.is_valid("3671013102900001")  # 31 February


def test_it_accepts_29_february_of_a_leap_year() -> None:
    assert nik.is_valid("3671012902000001")


def test_it_rejects_serial_zero() -> None:
    assert not nik.is_valid("3671011708900000")


def test_it_masks_all_but_region_and_serial() -> None:
    assert nik.mask("3671011708900001") == "3671********0001"
