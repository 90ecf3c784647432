import pandas as pd
import pytest

from utils import i18n, ingest
from utils.ingest_messages import REASON_KEYS, localized_reason, localized_reasons


@pytest.mark.parametrize("reason", sorted(REASON_KEYS))
def test_every_exact_reason_reads_the_same_in_english(reason):
    assert localized_reason(reason, "en") == reason


def test_reasons_of_a_real_file_are_shown_in_russian():
    content = (
        "Дата регистрации;Область;Категория;БИН\n"
        "31.02.2025;Нарния;зарплата;040340008429\n"
        "01.01.2025;г. Алматы;чепуха;123\n"
    ).encode("cp1251")
    errors = ingest.prepare("appeals", content, "жалобы.csv").errors
    shown = localized_reasons(errors["reason"], "ru").tolist()
    assert i18n.t("ingest.reason.date_does_not_exist", "ru") in shown
    assert i18n.t("ingest.reason.unknown_region", "ru") in shown
    assert i18n.t("ingest.reason.bin_not_12_digits", "ru") in shown
    unknown = [text for text in shown if text.startswith("неизвестное значение")]
    assert unknown and "wage_arrears" in unknown[0]
    assert not any(text.isascii() for text in shown)


def test_a_reason_it_does_not_know_is_kept():
    assert localized_reason("something new", "kk") == "something new"
    assert localized_reasons(pd.Series(["must be at least 1"]), "kk").tolist() == [
        i18n.t("ingest.reason.at_least", "kk", minimum="1")
    ]
