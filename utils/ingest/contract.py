"""The data contract: the six extract kinds analysts upload, as one registry.

One definition drives validation (:mod:`utils.ingest`), the upload templates
(:func:`template_frame`) and the documentation (:func:`contract_markdown`). Each kind lists
its canonical columns with their type, whether they are required, the controlled vocabulary
they draw from and the headers analysts actually write for them in Russian, Kazakh and
English. Applicant personal data (full name, IIN, phone, e-mail, home address) has its own
list of header synonyms: such columns are dropped at the door.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd

LANGS = ("ru", "kk", "en")

#: Column types understood by :mod:`utils.ingest.parsing`.
COLUMN_TYPES = {
    "date": "a calendar day (31.01.2025, 2025-01-31, an Excel date)",
    "period": "a month, a quarter or a year («II квартал 2025», 2025-Q2, 2025-03, 2025)",
    "region": "one of the 20 regions, by any usual name, abbreviation, KATO or ISO code",
    "category": "a label from the column's vocabulary",
    "bin": "a 12-digit BIN/IIN with a valid check digit",
    "text": "free text",
    "int": "a whole number",
    "amount": "a sum of money in tenge (1 234 567,50 or 1,234,567.50)",
    "number": "a number, negative allowed (statistical values)",
    "bool": "yes/no (да/нет, иә/жоқ, 1/0)",
    "lat": "latitude in decimal degrees",
    "lon": "longitude in decimal degrees",
}


# --------------------------------------------------------------------------------------
# Vocabularies: canonical value -> labels people write (ru, kk, en and common variants).
# --------------------------------------------------------------------------------------

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

# --------------------------------------------------------------------------------------
# Columns and kinds.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One canonical column of an extract kind.

    ``labels`` are the headers used in the templates (one per language); ``synonyms`` are
    further headers analysts write. Both are matched after :func:`normalise_header`.
    """

    name: str
    type: str
    labels: dict[str, str]
    synonyms: tuple[str, ...] = ()
    required: bool = False
    vocabulary: str | None = None
    minimum: float | None = None
    default: object = None
    description: str = ""

    def __post_init__(self) -> None:
        if self.type not in COLUMN_TYPES:
            raise ValueError(
                f"Invalid column type: {self.type!r}. Type must be in the set: "
                + ", ".join(sorted(COLUMN_TYPES))
            )
        if self.vocabulary is not None and self.vocabulary not in VOCABULARIES:
            raise ValueError(
                f"Invalid vocabulary: {self.vocabulary!r}. Vocabulary must be in the set: "
                + ", ".join(sorted(VOCABULARIES))
            )

    def headers(self) -> tuple[str, ...]:
        """Return every header that names this column, canonical name first."""
        return (self.name, *self.labels.values(), *self.synonyms)


@dataclass(frozen=True)
class Kind:
    """An extract kind: its canonical columns and the rules that bind them."""

    name: str
    title: dict[str, str]
    description: str
    columns: tuple[Column, ...]
    one_of: tuple[tuple[str, ...], ...] = ()
    date_column: str | None = None
    duplicate_key: tuple[str, ...] = ()
    store_duplicate_key: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        """Return the canonical column names in contract order."""
        return [column.name for column in self.columns]

    @property
    def required(self) -> list[str]:
        """Return the names of the required columns."""
        return [column.name for column in self.columns if column.required]

    def column(self, name: str) -> Column:
        """Return the column ``name``; an unknown name raises a KeyError listing the valid."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(
            f"Invalid column: {name!r} for {self.name}. Column must be in the set: "
            + ", ".join(self.column_names)
        )


def _c(name: str, type_: str, ru: str, kk: str, en: str, *synonyms: str, **options) -> Column:
    return Column(name, type_, {"ru": ru, "kk": kk, "en": en}, tuple(synonyms), **options)


_REGION = _c(
    "region", "region", "Область", "Облыс", "Region",
    "Регион", "Область/город", "Область (город)", "Регион (область)", "Наименование региона",
    "Наименование области", "Наименование региона (области)", "Регион РК", "Область, город",
    "Облыс/қала", "Өңір", "Аймақ", "Облыстың атауы", "Oblast", "Province", "Region name",
    "Код КАТО", "КАТО", "КАТО области", "ISO code",
    required=True,
)
_DISTRICT = _c("district", "text", "Район", "Аудан", "District",
               "Район/город", "Район (город)", "Ауданы", "Аудан/қала", "Raion")
_SETTLEMENT = _c("settlement", "text", "Населенный пункт", "Елді мекен", "Settlement",
                 "Нас. пункт", "Город/село", "Город", "Город (село)", "Село", "Елді мекені",
                 "Locality", "City", "Town")
_ENT_BIN = _c(
    "enterprise_bin", "bin", "БИН", "БСН", "BIN",
    "БИН предприятия", "БИН работодателя", "БИН организации", "БИН/ИИН", "БИН / ИИН",
    "БИН (ИИН)", "БИН/ИИН работодателя", "ИИН/БИН", "ИИН/БИН работодателя",
    "БСН/ЖСН", "Кәсіпорынның БСН", "Жұмыс берушінің БСН", "Employer BIN", "Enterprise BIN",
    "Company BIN", "BIN/IIN", "bin",
)
_ENT_NAME = _c(
    "enterprise_name", "text", "Наименование предприятия", "Кәсіпорынның атауы",
    "Enterprise name",
    "Предприятие", "Работодатель", "Наименование работодателя", "Наименование организации",
    "Организация", "Наименование юридического лица", "Наименование предприятия (работодателя)",
    "Кәсіпорын", "Жұмыс беруші", "Жұмыс берушінің атауы", "Ұйымның атауы", "Enterprise",
    "Employer", "Employer name", "Company", "Company name", "Organisation", "Organization",
)
_INDUSTRY = _c(
    "industry", "category", "Отрасль (ОКЭД)", "Сала (ЭҚЖЖ)", "Industry (OKED)",
    "Отрасль", "ОКЭД", "Код ОКЭД", "Вид деятельности", "Вид экономической деятельности",
    "Секция ОКЭД", "Сала", "ЭҚЖЖ", "Industry", "OKED", "OKED section", "Sector",
    vocabulary="industry",
)
_LAT = _c("lat", "lat", "Широта", "Ендік", "Latitude", "lat", "Шир.")
_LON = _c("lon", "lon", "Долгота", "Бойлық", "Longitude", "lng", "long", "Долг.")

APPEALS = Kind(
    name="appeals",
    title={"ru": "Обращения граждан", "kk": "Азаматтардың өтініштері", "en": "Citizens' appeals"},
    description="One row per citizen appeal on a labor matter.",
    date_column="date",
    duplicate_key=("appeal_id",),
    store_duplicate_key="appeal_id",
    columns=(
        _c("date", "date", "Дата регистрации", "Тіркелген күні", "Registration date",
           "Дата обращения", "Дата поступления", "Дата подачи", "Дата",
           "Дата регистрации обращения",
           "Дата поступления обращения", "Өтініш күні", "Тіркеу күні", "Күні", "Date",
           "Appeal date", "Date of appeal", "Date received", required=True),
        _REGION,
        _c("category", "category", "Категория", "Санаты", "Category",
           "Категория обращения", "Характер обращения", "Тематика", "Тематика обращения",
           "Вопрос", "Суть обращения", "Вид нарушения", "Тип обращения", "Өтініш санаты",
           "Тақырыбы", "Subject", "Topic", "Appeal category", "Type of violation",
           required=True, vocabulary="appeal_category"),
        _c("appeal_id", "text", "Номер обращения", "Өтініш нөмірі", "Appeal ID",
           "Рег. номер", "Регистрационный номер", "Номер", "№ обращения", "Идентификатор",
           "ID обращения", "Тіркеу нөмірі", "Appeal number", "Registration number", "ID"),
        _DISTRICT,
        _SETTLEMENT,
        _ENT_BIN,
        _ENT_NAME,
        _c("people", "int", "Количество заявителей", "Өтініш берушілер саны", "People",
           "Кол-во заявителей", "Число заявителей", "Количество человек", "Количество работников",
           "Численность заявителей", "Численность работников", "Заявителей",
           "Өтініш берушілер", "Адам саны", "Number of applicants", "Applicants",
           "Number of people", "Workers", minimum=1, default=1),
        _c("status", "category", "Статус", "Мәртебесі", "Status",
           "Статус рассмотрения", "Результат рассмотрения", "Состояние", "Результат",
           "Қаралу мәртебесі", "Outcome", vocabulary="appeal_status"),
        _c("closed_date", "date", "Дата закрытия", "Жабылған күні", "Closed date",
           "Дата рассмотрения", "Дата исполнения", "Дата ответа", "Дата решения",
           "Қаралған күні", "Date closed", "Resolution date"),
        _c("violation_confirmed", "bool", "Нарушение подтверждено", "Бұзушылық расталды",
           "Violation confirmed", "Подтверждено", "Факт нарушения подтвержден",
           "Нарушение выявлено", "Нарушения установлены", "Violation found"),
    ),
)

ARREARS = Kind(
    name="arrears",
    title={"ru": "Задолженность по заработной плате", "kk": "Жалақы бойынша берешек",
           "en": "Wage arrears"},
    description="Outstanding wage arrears of one enterprise at one reporting month; "
    "repaid_* are the sums repaid during that month.",
    date_column="report_date",
    one_of=(("enterprise_bin", "enterprise_name"),),
    duplicate_key=("enterprise_bin", "enterprise_name", "report_date"),
    columns=(
        _c("report_date", "date", "Отчетная дата", "Есептік күні", "Report date",
           "Дата отчета", "На дату", "Дата", "Отчетный период", "Период", "Месяц",
           "По состоянию на", "Есеп беру күні", "Есептік кезең", "As of", "Reporting date",
           "Date", required=True),
        _REGION,
        _ENT_BIN,
        _ENT_NAME,
        _c("amount_kzt", "amount", "Сумма задолженности, тенге", "Берешек сомасы, теңге",
           "Arrears, KZT",
           "Сумма задолженности", "Задолженность", "Задолженность по заработной плате",
           "Сумма задолженности по заработной плате", "Сумма просроченной задолженности",
           "Сумма долга", "Берешек сомасы", "Жалақы бойынша берешек", "Берешек",
           "Amount", "Arrears", "Wage arrears", "Amount owed", "Amount KZT",
           required=True, minimum=0),
        _c("workers", "int", "Количество работников", "Қызметкерлер саны", "Workers owed",
           "Численность работников", "Кол-во работников", "Число работников",
           "Количество работников с задолженностью", "Численность работников с задолженностью",
           "Численность работников, перед которыми имеется задолженность",
           "Количество работников, перед которыми имеется задолженность",
           "Жұмыскерлер саны", "Workers", "Number of workers", "Employees",
           required=True, minimum=0),
        _c("overdue_months", "int", "Срок задолженности, мес.", "Берешек мерзімі, ай",
           "Overdue months", "Срок задолженности", "Количество месяцев задолженности",
           "Месяцев просрочки", "Период задолженности", "Months overdue", minimum=0),
        _c("repaid_kzt", "amount", "Погашено, тенге", "Өтелді, теңге", "Repaid, KZT",
           "Погашено", "Сумма погашения", "Погашенная сумма", "Выплачено", "Сумма выплаты",
           "Өтелген сома", "Repaid", "Amount repaid", minimum=0),
        _c("workers_repaid", "int", "Работников, получивших выплату",
           "Төлем алған қызметкерлер", "Workers repaid",
           "Количество работников, получивших выплату", "Выплачено работникам",
           "Численность работников, получивших выплату", "Workers paid", minimum=0),
        _INDUSTRY,
        _SETTLEMENT,
        _LAT,
        _LON,
    ),
)

LAYOFFS = Kind(
    name="layoffs",
    title={"ru": "Сокращения и увольнения", "kk": "Қысқартулар", "en": "Layoffs"},
    description="Layoffs at an enterprise: how many workers, and whether an inspection "
    "found them unlawful.",
    date_column="date",
    one_of=(("enterprise_bin", "enterprise_name"),),
    columns=(
        _c("date", "date", "Дата", "Күні", "Date",
           "Дата сокращения", "Дата увольнения", "Дата высвобождения", "Дата уведомления",
           "Қысқарту күні", "Layoff date", required=True),
        _REGION,
        _ENT_BIN,
        _ENT_NAME,
        _c("workers", "int", "Количество работников", "Қызметкерлер саны", "Workers",
           "Численность работников", "Кол-во работников", "Количество сокращенных",
           "Количество высвобожденных работников", "Численность высвобождаемых работников",
           "Сокращено", "Уволено", "Қысқартылғандар саны", "Workers laid off",
           "Number of workers", "Laid off", required=True, minimum=1),
        _c("unlawful", "bool", "Незаконно", "Заңсыз", "Unlawful",
           "Незаконное увольнение", "Признано незаконным", "Нарушение выявлено",
           "Нарушение подтверждено", "Unlawful (inspection)"),
        _c("reinstated", "int", "Восстановлено", "Қалпына келтірілді", "Reinstated",
           "Восстановлено на работе", "Количество восстановленных", "Жұмысқа қайта алынды",
           "Workers reinstated", minimum=0),
    ),
)

INCIDENTS = Kind(
    name="incidents",
    title={"ru": "Трудовые конфликты", "kk": "Еңбек қақтығыстары", "en": "Labor conflicts"},
    description="Labor-conflict events: strikes, stoppages, rallies, hunger strikes, "
    "collective appeals.",
    date_column="date",
    one_of=(("enterprise_bin", "enterprise_name"),),
    columns=(
        _c("date", "date", "Дата", "Күні", "Date",
           "Дата события", "Дата начала", "Дата конфликта", "Дата инцидента", "Оқиға күні",
           "Event date", "Start date", required=True),
        _REGION,
        _ENT_BIN,
        _ENT_NAME,
        _c("type", "category", "Вид конфликта", "Қақтығыс түрі", "Type",
           "Тип", "Вид", "Форма протеста", "Тип события", "Вид события", "Түрі",
           "Incident type", "Event type", required=True, vocabulary="incident_type"),
        _c("participants", "int", "Количество участников", "Қатысушылар саны", "Participants",
           "Число участников", "Кол-во участников", "Участников", "Численность участников",
           "Number of participants", required=True, minimum=0),
        _SETTLEMENT,
        _LAT,
        _LON,
        _c("demands", "text", "Требования", "Талаптар", "Demands", "Требования участников"),
        _c("source", "text", "Источник", "Дереккөз", "Source", "Источник информации"),
        _c("description", "text", "Описание", "Сипаттамасы", "Description",
           "Краткое описание", "Суть", "Примечание", "Comment", "Notes"),
    ),
)

ENTERPRISES = Kind(
    name="enterprises",
    title={"ru": "Реестр предприятий", "kk": "Кәсіпорындар тізілімі", "en": "Enterprises"},
    description="Registry of enterprises: one row per BIN.",
    duplicate_key=("bin",),
    columns=(
        _c("bin", "bin", "БИН", "БСН", "BIN", *_ENT_BIN.synonyms, required=True),
        _c("name", "text", "Наименование предприятия", "Кәсіпорынның атауы", "Enterprise name",
           "Наименование", *_ENT_NAME.synonyms, "Name", required=True),
        _REGION,
        _INDUSTRY,
        _SETTLEMENT,
        _LAT,
        _LON,
        _c("headcount", "int", "Численность работников, чел.", "Қызметкерлер саны, адам",
           "Headcount", "Численность работников", "Списочная численность",
           "Среднесписочная численность", "Количество работников", "Штатная численность",
           "Жұмыскерлер саны", "Employees", "Number of employees", "Staff", minimum=0),
    ),
)

REGION_STATS = Kind(
    name="region_stats",
    title={"ru": "Официальная статистика по регионам", "kk": "Өңірлер бойынша ресми статистика",
           "en": "Official statistics by region"},
    description="Official aggregate tables (statistics offices, ministries) by region and "
    "month, quarter or year; long form, or wide with one column per indicator or per period.",
    duplicate_key=("period", "region", "indicator"),
    columns=(
        _c("period", "period", "Период", "Кезең", "Period",
           "Отчетный период", "Месяц", "Квартал", "Год", "Ай", "Тоқсан", "Жыл", "Month",
           "Quarter", "Year", required=True),
        _REGION,
        _c("indicator", "text", "Показатель", "Көрсеткіш", "Indicator",
           "Наименование показателя", "Көрсеткіш атауы", "Metric", required=True,
           vocabulary="indicator"),
        _c("value", "number", "Значение", "Мәні", "Value", "Величина", "Шама", required=True),
        _c("unit", "text", "Единица измерения", "Өлшем бірлігі", "Unit",
           "Ед. изм.", "Единица", "Units", "Unit of measure"),
        _c("source", "text", "Источник", "Дереккөз", "Source", "Источник данных"),
        # Filled by ingest from ``period``; never read from the file.
        _c("granularity", "text", "Периодичность", "Кезеңділік", "Granularity"),
        _c("period_start", "date", "Начало периода", "Кезең басы", "Period start"),
        _c("period_end", "date", "Конец периода", "Кезең соңы", "Period end"),
    ),
    extra={"derived": ("granularity", "period_start", "period_end")},
)

KINDS: dict[str, Kind] = {
    kind.name: kind for kind in (APPEALS, ARREARS, LAYOFFS, INCIDENTS, ENTERPRISES, REGION_STATS)
}


def get_kind(name: str) -> Kind:
    """Return the extract kind ``name``; an unknown name raises a KeyError listing the valid."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(
            f"Invalid kind: {name!r}. Kind must be in the set: " + ", ".join(KINDS)
        ) from None


def input_columns(kind: Kind | str) -> list[Column]:
    """Return the columns of ``kind`` that a file may carry (derived columns excluded)."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    derived = set(kind.extra.get("derived", ()))  # type: ignore[arg-type]
    return [column for column in kind.columns if column.name not in derived]


# --------------------------------------------------------------------------------------
# Personal data of applicants: dropped before anything is stored.
# --------------------------------------------------------------------------------------

PERSONAL_DATA_HEADERS: tuple[str, ...] = (
    "ФИО", "Ф.И.О.", "ФИО заявителя", "Ф.И.О. заявителя", "Фамилия, имя, отчество",
    "Фамилия", "Имя", "Отчество", "Фамилия имя", "Заявитель", "ФИО работника",
    "ФИО обратившегося", "Ф.И.О. работника", "Данные заявителя",
    "ИИН", "ИИН заявителя", "ИИН работника", "Индивидуальный идентификационный номер",
    "Телефон", "Тел.", "Тел", "Контактный телефон", "Номер телефона", "Мобильный телефон",
    "Телефон заявителя", "Сотовый", "Контакты",
    "E-mail", "Email", "Эл. почта", "Электронная почта", "Электронный адрес", "Почта",
    "Адрес", "Адрес заявителя", "Адрес проживания", "Домашний адрес", "Место жительства",
    "Адрес места жительства", "Почтовый адрес", "Адрес регистрации",
    "Дата рождения", "Удостоверение личности", "Номер удостоверения", "Паспорт",
    "Аты-жөні", "Аты жөні", "Тегі", "Аты", "Әкесінің аты", "Өтініш берушінің аты-жөні",
    "ЖСН", "Өтініш берушінің ЖСН", "Телефон нөмірі", "Байланыс телефоны",
    "Электрондық пошта", "Мекенжайы", "Мекенжай", "Тұрғылықты мекенжайы", "Туған күні",
    "Full name", "Name of applicant", "Applicant name", "Applicant", "Surname", "First name",
    "Last name", "Middle name", "Patronymic", "IIN", "Applicant IIN", "Phone", "Phone number",
    "Telephone", "Mobile", "E-mail address", "Email address", "Address", "Home address",
    "Residential address", "Date of birth", "Birth date", "Passport", "ID card",
)

#: First words that mark a header as personal data even when it is not listed exactly.
PERSONAL_DATA_MARKERS: tuple[str, ...] = (
    "фио", "иин", "жсн", "телефон", "тел", "email", "e mail", "аты жөні", "мекенжай",
    "phone", "iin", "full name", "адрес", "address", "дата рождения",
)


# --------------------------------------------------------------------------------------
# Header normalisation and matching.
# --------------------------------------------------------------------------------------

_UNIT_WORDS = (
    r"тенге|теңге|тг|kzt|₸|тыс|тысяч|млн|миллион|млрд|чел|человек|адам|ед|единиц|%|процент|"
    r"persons|people|thousand|mln|million|bn|billion|мес|ай|months?"
)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_UNIT_TAIL = re.compile(rf",\s*(?:в\s+)?(?:{_UNIT_WORDS})[^,]*$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w%]+", re.UNICODE)


def normalise_header(text: object) -> str:
    """Return ``text`` as a header key: lower case, ё→е, no units, no punctuation.

    Units in parentheses or after a final comma are removed (``Сумма задолженности, тенге``
    and ``Сумма задолженности (тыс. тенге)`` both give ``сумма задолженности``); so are
    ``№``, quotes and repeated spaces. Non-text input gives an empty string.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    value = str(text).replace("№", " ")
    value = unicodedata.normalize("NFKC", value).replace("\u00a0", " ")
    value = value.strip().lower().replace("ё", "е")
    stripped = _PARENS.sub(" ", value)
    stripped = _UNIT_TAIL.sub("", stripped)
    if _NON_WORD.sub("", stripped):
        value = stripped
    value = value.replace("_", " ")
    return " ".join(_NON_WORD.sub(" ", value).split())


_UNIT_FACTORS: tuple[tuple[re.Pattern[str], str, float], ...] = (
    (re.compile(r"млрд|миллиард|billion|\bbn\b"), "KZT", 1e9),
    (re.compile(r"млн|миллион|million|\bmln\b"), "KZT", 1e6),
    (re.compile(r"тыс|мың|thousand|\bth\b"), "KZT", 1e3),
)
_MONEY = re.compile(r"тенге|теңге|\bтг\b|kzt|₸|tenge")
_PERSONS = re.compile(r"\bчел|человек|\bадам|persons|people")
_UNITS = re.compile(r"\bед\b|единиц|\bunits?\b|бірлік")
_PERCENT = re.compile(r"%|процент|percent")


def header_unit(text: object) -> tuple[str | None, float]:
    """Return the unit a header (or a units line) states and the factor to base units.

    ``Сумма задолженности, тыс. тенге`` gives ``("KZT", 1000.0)``; ``Численность, чел.``
    gives ``("persons", 1.0)``; a header without a unit gives ``(None, 1.0)``.
    """
    if text is None:
        return None, 1.0
    value = unicodedata.normalize("NFKC", str(text)).lower().replace("\u00a0", " ")
    if _MONEY.search(value):
        for pattern, unit, factor in _UNIT_FACTORS:
            if pattern.search(value):
                return unit, factor
        return "KZT", 1.0
    if _PERCENT.search(value):
        return "%", 1.0
    if _PERSONS.search(value):
        if re.search(r"тыс|мың|thousand", value):
            return "persons", 1e3
        return "persons", 1.0
    if _UNITS.search(value):
        return "units", 1.0
    return None, 1.0


@cache
def header_index(kind_name: str) -> dict[str, str]:
    """Return ``{normalised header: canonical column}`` for the input columns of a kind."""
    index: dict[str, str] = {}
    for column in input_columns(kind_name):
        for header in column.headers():
            index.setdefault(normalise_header(header), column.name)
    return index


@lru_cache(maxsize=1)
def _personal_headers() -> frozenset[str]:
    return frozenset(normalise_header(header) for header in PERSONAL_DATA_HEADERS)


def is_personal_data_header(text: object) -> bool:
    """Return True when a header names applicant personal data (name, IIN, phone, …)."""
    key = normalise_header(text)
    if not key:
        return False
    if key in _personal_headers():
        return True
    return any(key == marker or key.startswith(marker + " ") for marker in PERSONAL_DATA_MARKERS)


def match_header(kind: Kind | str, text: object) -> str | None:
    """Return the canonical column a header names in ``kind``, or None.

    A header that is a contract synonym wins over the personal-data list, so «БИН/ИИН»
    (the employer's identifier) is kept while «ИИН» (the applicant's) is dropped.
    """
    kind_name = kind if isinstance(kind, str) else kind.name
    get_kind(kind_name)
    return header_index(kind_name).get(normalise_header(text))


@lru_cache(maxsize=1)
def _all_header_keys() -> frozenset[str]:
    keys: set[str] = set()
    for name in KINDS:
        keys.update(header_index(name))
    return frozenset(keys)


def header_score(cells: list[object], kind: Kind | str | None = None) -> int:
    """Return how many cells of a row look like headers (of ``kind``, or of any kind).

    Used to find the header row below title rows: the row naming most contract columns
    (or personal-data columns) is the header.
    """
    if kind is None:
        keys = _all_header_keys()
    else:
        keys = frozenset(header_index(kind if isinstance(kind, str) else kind.name))
    score = 0
    for cell in cells:
        key = normalise_header(cell)
        if key and (key in keys or is_personal_data_header(cell)):
            score += 1
    return score


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
    folded = " ".join(_NON_WORD.sub(" ", value).split())
    return folded or value.strip()


# --------------------------------------------------------------------------------------
# Templates and documentation.
# --------------------------------------------------------------------------------------


def template_frame(kind: Kind | str, lang: str = "ru") -> pd.DataFrame:
    """Return an empty upload template for ``kind`` with headers in ``lang`` (ru, kk, en)."""
    if lang not in LANGS:
        raise ValueError(f"Invalid language: {lang!r}. Language must be in the set: "
                         + ", ".join(LANGS))
    kind = get_kind(kind) if isinstance(kind, str) else kind
    return pd.DataFrame(columns=[column.labels[lang] for column in input_columns(kind)])


def _vocabulary_summary(name: str) -> str:
    values = list(VOCABULARIES[name])
    if name == "industry":
        return "OKED section letter A–U (or an OKED code such as 10.11, or the section name)"
    if name == "indicator":
        return "known: " + ", ".join(values) + "; other indicators are kept as written"
    return ", ".join(values)


def contract_markdown() -> str:
    """Return the data contract as Markdown (one table per kind), for the README."""
    lines = [
        "Every kind accepts Russian, Kazakh or English headers (case, spacing, punctuation",
        "and units such as «, тенге» do not matter). Columns in bold are required.",
        "Applicant personal data (full name, IIN, phone, e-mail, home address, date of",
        "birth) is dropped before anything is stored; the load report lists such columns.",
        "",
    ]
    for kind in KINDS.values():
        lines.append(f"### {kind.name} — {kind.title['en']} / {kind.title['ru']}")
        lines.append("")
        lines.append(kind.description)
        if kind.one_of:
            for group in kind.one_of:
                lines.append(f"At least one of {', '.join(f'`{c}`' for c in group)} per row.")
        lines.append("")
        lines.append("| column | type | header (ru) | header (kk) | header (en) | values |")
        lines.append("|---|---|---|---|---|---|")
        derived = set(kind.extra.get("derived", ()))  # type: ignore[arg-type]
        for column in kind.columns:
            if column.name in derived:
                continue
            name = f"**`{column.name}`**" if column.required else f"`{column.name}`"
            values = _vocabulary_summary(column.vocabulary) if column.vocabulary else ""
            if column.minimum is not None:
                values = (values + "; " if values else "") + f"≥ {column.minimum:g}"
            if column.default is not None:
                values = (values + "; " if values else "") + f"default {column.default}"
            lines.append(
                f"| {name} | {column.type} | {column.labels['ru']} | {column.labels['kk']} "
                f"| {column.labels['en']} | {values} |"
            )
        if kind.name == "region_stats":
            lines.append("")
            lines.append(
                "Wide tables are accepted too: one column per indicator (the header names the "
                "indicator and its unit), or regions as rows and periods as columns (the "
                "indicator and unit are taken from the title and units rows above the header). "
                "Rows for the whole country («Республика Казахстан») are not loaded as a region."
            )
        lines.append("")
    return "\n".join(lines)
