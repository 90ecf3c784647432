"""Controlled vocabularies: each canonical value with the labels people write for it.

Appeal categories and statuses, incident types, yes/no, OKED sections (:data:`OKED_DIVISIONS`
maps the divisions of an OKED code to their section) and the indicators of official tables,
each with its labels in Russian, Kazakh and English and their common variants.
:func:`vocabulary_index` looks a label up by its key (:func:`normalise_label`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "appeal_category": {
        "wage_arrears": (
            "задолженность по заработной плате", "задолженность по зарплате",
            "невыплата заработной платы", "невыплата зарплаты", "задержка заработной платы",
            "задержка зарплаты", "несвоевременная выплата заработной платы", "зарплата",
            "заработная плата", "оплата труда", "жалақы бойынша берешек", "жалақы",
            "жалақыны төлемеу", "wage arrears", "unpaid wages", "wages", "wage",
            "late wages", "salary arrears",
        ),
        "dismissal": (
            "увольнение", "незаконное увольнение", "необоснованное увольнение",
            "восстановление на работе", "жұмыстан шығару", "заңсыз жұмыстан шығару",
            "dismissal", "unlawful dismissal", "wrongful dismissal",
        ),
        "layoffs": (
            "сокращение", "сокращение штата", "сокращение численности",
            "сокращение численности или штата", "массовое сокращение", "высвобождение",
            "высвобождение работников", "қысқарту", "штатты қысқарту", "layoffs", "layoff",
            "redundancy", "redundancies", "staff reduction",
        ),
        "working_conditions": (
            "условия труда", "рабочее время", "время отдыха", "режим работы",
            "еңбек жағдайлары", "working conditions", "working hours",
        ),
        "safety": (
            "охрана труда", "безопасность труда", "техника безопасности",
            "безопасность и охрана труда", "несчастный случай", "еңбек қауіпсіздігі",
            "еңбекті қорғау", "safety", "occupational safety", "health and safety",
            "labour safety", "labor safety",
        ),
        "labor_contract": (
            "трудовой договор", "трудовые договоры", "заключение трудового договора",
            "коллективный договор", "еңбек шарты", "labor contract", "labour contract",
            "employment contract", "contract",
        ),
        "social_benefits": (
            "социальные выплаты", "социальные гарантии", "пособия", "пособие",
            "отпускные", "компенсации", "социальные льготы", "әлеуметтік төлемдер",
            "social benefits", "benefits", "social payments",
        ),
        "other": ("прочие", "прочее", "другое", "иное", "иные", "басқа", "басқалар", "other"),
    },
    "appeal_status": {
        "received": (
            "зарегистрировано", "поступило", "принято", "новое", "тіркелді", "received",
            "registered", "new",
        ),
        "in_progress": (
            "на рассмотрении", "в работе", "рассматривается", "в процессе", "на исполнении",
            "қаралуда", "in progress", "in_progress", "under review", "pending",
        ),
        "resolved": (
            "рассмотрено", "разрешено", "удовлетворено", "исполнено", "решено", "закрыто",
            "қаралды", "шешілді", "resolved", "closed", "satisfied", "done",
        ),
        "rejected": (
            "отказано", "отклонено", "оставлено без рассмотрения", "отказ", "бас тартылды",
            "rejected", "refused", "declined",
        ),
    },
    "incident_type": {
        "strike": ("забастовка", "стачка", "ереуіл", "strike"),
        "work_stoppage": (
            "остановка работ", "приостановка работы", "прекращение работы",
            "отказ от работы", "простой", "жұмысты тоқтату", "work stoppage",
            "work_stoppage", "stoppage", "walkout",
        ),
        "rally": (
            "митинг", "акция протеста", "протест", "пикет", "собрание", "шеру", "наразылық",
            "rally", "protest", "picket", "demonstration",
        ),
        "hunger_strike": ("голодовка", "аштық жариялау", "hunger strike", "hunger_strike"),
        "collective_appeal": (
            "коллективное обращение", "коллективная жалоба", "коллективное заявление",
            "ұжымдық өтініш", "collective appeal", "collective_appeal", "collective complaint",
        ),
        "other": ("прочие", "прочее", "другое", "иное", "басқа", "other"),
    },
    "boolean": {
        "true": ("да", "д", "yes", "y", "1", "true", "истина", "иә", "ия", "+", "подтверждено",
                 "confirmed"),
        "false": ("нет", "н", "no", "n", "0", "false", "ложь", "жоқ", "-", "не подтверждено",
                  "not confirmed"),
    },
    # OKED (the Kazakh edition of NACE rev. 2) sections; divisions are mapped in OKED_DIVISIONS.
    "industry": {
        "A": ("сельское лесное и рыбное хозяйство", "сельское хозяйство", "агрикультура",
              "ауыл орман және балық шаруашылығы", "agriculture forestry and fishing",
              "agriculture"),
        "B": ("горнодобывающая промышленность и разработка карьеров",
              "горнодобывающая промышленность", "горнодобывающая", "добыча",
              "тау кен өндіру өнеркәсібі", "mining and quarrying", "mining"),
        "C": ("обрабатывающая промышленность", "обрабатывающая", "промышленность",
              "өңдеу өнеркәсібі", "manufacturing"),
        "D": ("снабжение электроэнергией газом паром горячей водой и кондиционированным воздухом",
              "электроснабжение", "энергетика", "электр энергиясымен жабдықтау",
              "electricity gas steam and air conditioning supply", "energy", "electricity"),
        "E": ("водоснабжение канализационная система контроль над сбором и распределением отходов",
              "водоснабжение", "сумен жабдықтау",
              "water supply sewerage waste management and remediation", "water supply"),
        "F": ("строительство", "құрылыс", "construction"),
        "G": ("оптовая и розничная торговля ремонт автомобилей и мотоциклов", "торговля",
              "көтерме және бөлшек сауда", "сауда",
              "wholesale and retail trade repair of motor vehicles and motorcycles", "trade"),
        "H": ("транспорт и складирование", "транспорт", "көлік және жинақтау", "көлік",
              "transportation and storage", "transport"),
        "I": ("услуги по проживанию и питанию", "тұру және тамақтану бойынша қызметтер",
              "accommodation and food service activities", "hospitality"),
        "J": ("информация и связь", "ақпарат және байланыс", "information and communication"),
        "K": ("финансовая и страховая деятельность", "қаржы және сақтандыру қызметі",
              "financial and insurance activities", "finance"),
        "L": ("операции с недвижимым имуществом", "жылжымайтын мүлікпен операциялар",
              "real estate activities", "real estate"),
        "M": ("профессиональная научная и техническая деятельность",
              "кәсіби ғылыми және техникалық қызмет",
              "professional scientific and technical activities"),
        "N": ("деятельность в области административного и вспомогательного обслуживания",
              "әкімшілік және қосалқы қызмет көрсету саласындағы қызмет",
              "administrative and support service activities"),
        "O": ("государственное управление и оборона обязательное социальное обеспечение",
              "государственное управление", "мемлекеттік басқару және қорғаныс",
              "public administration and defence compulsory social security",
              "public administration"),
        "P": ("образование", "білім беру", "education"),
        "Q": ("здравоохранение и социальное обслуживание населения", "здравоохранение",
              "денсаулық сақтау және халыққа әлеуметтік қызмет көрсету",
              "human health and social work activities", "health"),
        "R": ("искусство развлечения и отдых", "өнер ойын сауық және демалыс",
              "arts entertainment and recreation"),
        "S": ("предоставление прочих видов услуг", "прочие услуги",
              "басқа да қызмет түрлерін ұсыну", "other service activities"),
        "T": ("деятельность домашних хозяйств", "үй шаруашылықтарының қызметі",
              "activities of households as employers"),
        "U": ("деятельность экстерриториальных организаций и органов",
              "экстерриториялық ұйымдар мен органдардың қызметі",
              "activities of extraterritorial organisations and bodies"),
    },
    # Indicators of official aggregate tables (region_stats); other names are kept as written.
    "indicator": {
        "wage_arrears_kzt": (
            "задолженность по заработной плате", "сумма задолженности по заработной плате",
            "просроченная задолженность по заработной плате",
            "сумма просроченной задолженности по заработной плате", "сумма задолженности",
            "жалақы бойынша берешек", "жалақы бойынша мерзімі өткен берешек",
            "wage arrears", "overdue wage arrears", "wage_arrears_kzt",
        ),
        "workers_owed": (
            "численность работников перед которыми имеется задолженность по заработной плате",
            "численность работников перед которыми имеется задолженность",
            "количество работников с задолженностью по заработной плате",
            "количество работников перед которыми имеется задолженность",
            "численность работников", "количество работников",
            "жалақы бойынша берешегі бар қызметкерлер саны", "workers owed",
            "workers with wage arrears", "workers_owed",
        ),
        "appeals": ("количество обращений", "обращения", "число обращений",
                    "өтініштер саны", "appeals", "number of appeals"),
        "layoffs": ("количество высвобожденных работников", "высвобождено работников",
                    "сокращено работников", "layoffs", "laid off workers"),
        "incidents": ("трудовые конфликты", "количество трудовых конфликтов",
                      "labor conflicts", "labour conflicts", "incidents"),
        "population": ("численность населения", "население", "халық саны", "тұрғындар саны",
                       "population"),
    },
}

#: OKED division (first two digits of a code such as 10.11) -> section letter.
OKED_DIVISIONS: dict[int, str] = {
    **dict.fromkeys(range(1, 4), "A"), **dict.fromkeys(range(5, 10), "B"),
    **dict.fromkeys(range(10, 34), "C"), 35: "D", **dict.fromkeys(range(36, 40), "E"),
    **dict.fromkeys(range(41, 44), "F"), **dict.fromkeys(range(45, 48), "G"),
    **dict.fromkeys(range(49, 54), "H"), **dict.fromkeys(range(55, 57), "I"),
    **dict.fromkeys(range(58, 64), "J"), **dict.fromkeys(range(64, 67), "K"), 68: "L",
    **dict.fromkeys(range(69, 76), "M"), **dict.fromkeys(range(77, 83), "N"), 84: "O",
    85: "P", **dict.fromkeys(range(86, 89), "Q"), **dict.fromkeys(range(90, 94), "R"),
    **dict.fromkeys(range(94, 97), "S"), **dict.fromkeys(range(97, 99), "T"), 99: "U",
}

#: Runs of anything but letters, digits and ``%``: one space in a label's or a header's key.
NON_WORD = re.compile(r"[^\w%]+", re.UNICODE)


@cache
def vocabulary_index(name: str) -> dict[str, str]:
    """Return ``{normalised label: canonical value}`` for the vocabulary ``name``."""
    if name not in VOCABULARIES:
        raise KeyError(
            f"Invalid vocabulary: {name!r}. Vocabulary must be in the set: "
            + ", ".join(sorted(VOCABULARIES))
        )
    index: dict[str, str] = {}
    for canonical, labels in VOCABULARIES[name].items():
        index.setdefault(normalise_label(canonical), canonical)
        for label in labels:
            index.setdefault(normalise_label(label), canonical)
    return index


def normalise_label(text: object) -> str:
    """Return a vocabulary label as a key: lower case, ё→е, punctuation folded to spaces."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text)).replace("\u00a0", " ")
    value = value.strip().lower().replace("ё", "е").replace("_", " ")
    folded = " ".join(NON_WORD.sub(" ", value).split())
    return folded or value.strip()
