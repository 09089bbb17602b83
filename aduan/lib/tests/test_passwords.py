"""Passwords built from the institution's or the system's own words are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from aduan.lib.passwords import ContextWordsValidator


@pytest.mark.parametrize(
    "password",
    ["Aduan2026!", "PemkotTangerang1", "Password-Dinas-99", "Kota Tangerang 2026", "admin#aduan#1"],
)
def test_guessable_context_passwords_are_refused(password: str, settings: Any) -> None:
    settings.ADUAN_INSTITUTION_NAME = "Pemerintah Kota Tangerang"
    with pytest.raises(ValidationError, match="mudah ditebak"):
        ContextWordsValidator().validate(password)


@pytest.mark.parametrize(
    "password",
    ["kalimat panjang tentang kota hujan", "Gajah-Terbang-Di-Atas-Sawah", "t7#Qm!rZw9@Lp"],
)
def test_passphrases_that_merely_contain_a_context_word_pass(password: str) -> None:
    ContextWordsValidator().validate(password)


def test_the_rule_is_part_of_the_site_password_policy() -> None:
    with pytest.raises(ValidationError) as raised:
        validate_password("Pengaduan12345")
    assert any("mudah ditebak" in message for message in raised.value.messages)
