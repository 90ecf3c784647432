"""Invented names and BINs for the fictitious enterprises of the demo data set.

Names are composed from neutral word lists (a descriptive adjective, a noun of the
enterprise's trade and a serial number, e.g. «Степной Элеватор-7» or «Жасыл Егіс-12») so
that they read like Kazakh enterprises but name none: no surnames, brands or real company
names are in the lists.
"""

from __future__ import annotations

import numpy as np

from utils.ingest import FIRST_WEIGHTS, SECOND_WEIGHTS

# Russian adjectives in masculine, feminine and neuter forms.
ADJECTIVES_RU: tuple[tuple[str, str, str], ...] = (
    ("Степной", "Степная", "Степное"), ("Северный", "Северная", "Северное"),
    ("Ковыльный", "Ковыльная", "Ковыльное"), ("Полынный", "Полынная", "Полынное"),
    ("Озёрный", "Озёрная", "Озёрное"), ("Песчаный", "Песчаная", "Песчаное"),
    ("Берёзовый", "Берёзовая", "Берёзовое"), ("Луговой", "Луговая", "Луговое"),
    ("Тополиный", "Тополиная", "Тополиное"), ("Янтарный", "Янтарная", "Янтарное"),
    ("Лазурный", "Лазурная", "Лазурное"), ("Гранитный", "Гранитная", "Гранитное"),
    ("Сосновый", "Сосновая", "Сосновое"), ("Восточный", "Восточная", "Восточное"),
    ("Западный", "Западная", "Западное"), ("Южный", "Южная", "Южное"),
    ("Верхний", "Верхняя", "Верхнее"), ("Дальний", "Дальняя", "Дальнее"),
    ("Ясный", "Ясная", "Ясное"), ("Тихий", "Тихая", "Тихое"),
    ("Светлый", "Светлая", "Светлое"), ("Кедровый", "Кедровая", "Кедровое"),
    ("Рассветный", "Рассветная", "Рассветное"), ("Дубовый", "Дубовая", "Дубовое"),
    ("Ветреный", "Ветреная", "Ветреное"), ("Медовый", "Медовая", "Медовое"),
    ("Ромашковый", "Ромашковая", "Ромашковое"), ("Речной", "Речная", "Речное"),
    ("Холмистый", "Холмистая", "Холмистое"), ("Серебристый", "Серебристая", "Серебристое"),
)
GENDER_INDEX = {"m": 0, "f": 1, "n": 2}

# Nouns of each trade (OKED section) with their grammatical gender.
NOUNS_RU: dict[str, tuple[tuple[str, str], ...]] = {
    "A": (("Элеватор", "m"), ("Нива", "f"), ("Пашня", "f"), ("Хозяйство", "n"),
          ("Зерновик", "m"), ("Ферма", "f")),
    "B": (("Рудник", "m"), ("Карьер", "m"), ("Прииск", "m"), ("Горняк", "m"),
          ("Буровик", "m")),
    "C": (("Завод", "m"), ("Комбинат", "m"), ("Мануфактура", "f"), ("Цех", "m"),
          ("Литейщик", "m"), ("Мельница", "f")),
    "D": (("Теплоцентраль", "f"), ("Котельная", "f"), ("Энергоузел", "m")),
    "E": (("Водовод", "m"), ("Коммунсервис", "m")),
    "F": (("Стройтрест", "m"), ("Монтаж", "m"), ("Зодчий", "m"), ("Каменщик", "m"),
          ("Бетон", "m")),
    "G": (("Пассаж", "m"), ("Лавка", "f"), ("Торговый Двор", "m"), ("Ярмарка", "f")),
    "H": (("Автопарк", "m"), ("Автобаза", "f"), ("Депо", "n"), ("Перевозчик", "m")),
    "I": (("Караван-Сарай", "m"), ("Трапезная", "f"), ("Гостиный Двор", "m")),
    "J": (("Инфосеть", "f"), ("Узел Связи", "m")),
    "K": (("Кредитное Товарищество", "n"),),
    "L": (("Домоуправление", "n"), ("Жилфонд", "m")),
    "M": (("Проектный Институт", "m"), ("Изыскатель", "m")),
    "N": (("Клининг", "m"), ("Сервис", "m")),
    "P": (("Учебный Центр", "m"), ("Колледж", "m")),
    "Q": (("Медцентр", "m"), ("Лечебница", "f")),
    "R": (("Дом Культуры", "m"), ("Стадион", "m")),
    "S": (("Ателье", "n"), ("Мастерская", "f")),
}

# Kazakh adjectives do not inflect; nouns of each trade.
ADJECTIVES_KK: tuple[str, ...] = (
    "Жасыл", "Көк", "Сары", "Жаңа", "Таза", "Биік", "Кең", "Тың", "Шалғын", "Ақбұлақ",
    "Қоңыр", "Жұлдызды", "Самал", "Бозторғай",
)
NOUNS_KK: dict[str, tuple[str, ...]] = {
    "A": ("Егіс", "Диқан", "Қырман"), "B": ("Кеніш", "Шахта"), "C": ("Зауыт", "Өндіріс"),
    "F": ("Құрылыс", "Құрылысшы"), "G": ("Сауда", "Базар"), "H": ("Көлік", "Жолаушы"),
}

# Legal forms: (Russian share, label) by language.
LEGAL_FORMS_RU: tuple[tuple[str, float], ...] = (("ТОО", 0.86), ("АО", 0.06), ("ПК", 0.08))
KAZAKH_NAME_SHARE = 0.15
FARM_SHARE_OF_AGRICULTURE = 0.3


def enterprise_names(rng: np.random.Generator, industries: np.ndarray,
                     taken: set[str] | None = None) -> np.ndarray:
    """Return one unique invented name per entry of ``industries`` (OKED section letters).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness (the caller's seeded generator).
    industries : numpy.ndarray
        OKED section letters, one per enterprise.
    taken : set of str, optional
        Names already in use (e.g. the planted-story enterprises); never returned.
    """
    used = set(taken or ())
    names = np.empty(len(industries), dtype=object)
    for i, section in enumerate(industries):  # ~2 000 enterprises: a loop is cheap here
        while True:
            name = _one_name(rng, str(section))
            if name not in used:
                break
        used.add(name)
        names[i] = name
    return names


def _one_name(rng: np.random.Generator, section: str) -> str:
    number = int(rng.integers(1, 100))
    if section in NOUNS_KK and rng.random() < KAZAKH_NAME_SHARE:
        adjective = ADJECTIVES_KK[rng.integers(len(ADJECTIVES_KK))]
        noun = NOUNS_KK[section][rng.integers(len(NOUNS_KK[section]))]
        form = "АҚ" if rng.random() < 0.05 else "ЖШС"
        return f"{form} «{adjective} {noun}-{number}»"
    nouns = NOUNS_RU.get(section, NOUNS_RU["N"])
    noun, gender = nouns[rng.integers(len(nouns))]
    adjective = ADJECTIVES_RU[rng.integers(len(ADJECTIVES_RU))][GENDER_INDEX[gender]]
    if section == "A" and rng.random() < FARM_SHARE_OF_AGRICULTURE:
        form = "КХ"
    else:
        labels = [label for label, _ in LEGAL_FORMS_RU]
        shares = np.array([share for _, share in LEGAL_FORMS_RU])
        form = labels[rng.choice(len(labels), p=shares / shares.sum())]
    return f"{form} «{adjective} {noun}-{number}»"


def check_digits(first11: np.ndarray) -> np.ndarray:
    """Return the BIN check digit of each row of an (n, 11) digit matrix; -1 where none exists."""
    first = first11 @ FIRST_WEIGHTS % 11
    second = first11 @ SECOND_WEIGHTS % 11
    check = np.where(first == 10, second, first)
    return np.where(check == 10, -1, check)


def enterprise_bins(rng: np.random.Generator, count: int,
                    taken: set[str] | None = None) -> np.ndarray:
    """Return ``count`` distinct valid BINs of legal entities registered 1995-2024.

    The structure follows the BIN: registration year and month (YYMM), the type of the
    entity (4 resident legal entity, 5 non-resident, 6 joint individual entrepreneurship),
    its attribute (0 head office, 1 branch, 2 representative office), a five-digit serial
    and the check digit. Serials whose weighted sums both give 10 have no check digit and
    are skipped.
    """
    taken = set(taken or ())
    found: list[str] = []
    while len(found) < count:
        batch = 2 * (count - len(found)) + 16
        year = rng.integers(1995, 2025, size=batch) % 100
        month = rng.integers(1, 13, size=batch)
        kind = rng.choice([4, 5, 6], size=batch, p=[0.93, 0.03, 0.04])
        attribute = rng.choice([0, 1, 2], size=batch, p=[0.9, 0.07, 0.03])
        serial = rng.integers(0, 100_000, size=batch)
        digits = np.column_stack([
            year // 10, year % 10, month // 10, month % 10, kind, attribute,
            *(serial // 10 ** p % 10 for p in (4, 3, 2, 1, 0)),
        ]).astype(np.int64)
        check = check_digits(digits)
        ok = check >= 0
        full = np.column_stack([digits[ok], check[ok]])
        texts = ["".join(map(str, row)) for row in full]
        for text in texts:
            if text not in taken:
                taken.add(text)
                found.append(text)
    return np.array(found[:count], dtype=object)
