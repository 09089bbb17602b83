"""Indonesian phone numbers in one form: +62…"""

import pytest

from aduan.lib import phone


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "+62 812 3456 7890",
        "6281234567890",
        "(0812) 3456.7890",
        "81234567890",
    ],
)
def test_it_normalises_what_people_type_to_plus_62(typed: str) -> None:
    assert phone.normalise(typed) == "+6281234567890"


def test_it_keeps_landline_numbers() -> None:
    assert phone.normalise("(021) 5551234") == "+62215551234"


@pytest.mark.parametrize(
    "typed", ["", "12345", "+1 202 555 0100", "0812345678901234", "08123abc890", "+62 0812 3456"]
)
def test_it_rejects_what_cannot_be_an_indonesian_number(typed: str) -> None:
    assert phone.normalise(typed) is None


def test_it_tells_mobile_numbers_from_landlines() -> None:
    assert phone.is_mobile("+6281234567890")
    assert not phone.is_mobile("+62215551234")
