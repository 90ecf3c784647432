"""The data contract: the six extract kinds analysts upload, as one registry.

One definition drives validation (:mod:`utils.ingest.validate`), the upload templates
(:mod:`utils.ingest.templates`) and the documentation
(:func:`utils.ingest.documentation.contract_markdown`). Each kind lists its canonical columns
with their type, whether they are required, the controlled vocabulary they draw from
(:mod:`utils.ingest.vocabularies`) and the headers analysts actually write for them in Russian,
Kazakh and English (matched by :mod:`utils.ingest.headers`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from utils.ingest.vocabularies import VOCABULARIES

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
    "Регионы", "Области", "Аймақтар", "Өңірлер", "Regions", "Region names",
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
    "month, quarter, year or period from January; long form, or wide with one column per "
    "indicator or per period.",
    duplicate_key=("period", "region", "district", "indicator"),
    columns=(
        _c("period", "period", "Период", "Кезең", "Period",
           "Отчетный период", "Месяц", "Квартал", "Год", "Ай", "Тоқсан", "Жыл", "Month",
           "Quarter", "Year", required=True),
        _REGION,
        _DISTRICT,
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
