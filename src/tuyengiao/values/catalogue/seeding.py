"""Seeding the starter catalogue into a database: by a data migration, or by apps that bring
their own indicators (surveys)."""

from collections.abc import Mapping, Sequence

from tuyengiao.values.catalogue.breakdowns import DISAGGREGATIONS, OPTION_PHRASES
from tuyengiao.values.catalogue.culture import CULTURE_INDICATORS
from tuyengiao.values.catalogue.entry import Entry
from tuyengiao.values.catalogue.propaganda import PROPAGANDA_INDICATORS
from tuyengiao.values.catalogue.rating import RATING_INDICATORS

# The whole catalogue in its order: an indicator's sort order follows its place here.
CATALOGUE = [*PROPAGANDA_INDICATORS, *CULTURE_INDICATORS, *RATING_INDICATORS]


def catalogue_seed(
    apps,
    *,
    entries: Sequence[Entry] = CATALOGUE,
    disaggregations: Mapping[str, tuple] = DISAGGREGATIONS,
) -> int:
    """Create the catalogue's missing entries; returns how many were created. Takes the
    migration's `apps` (or `django.apps.apps`) so the data migration can call it. Apps that
    bring their own indicators (surveys) seed them here too, after those already present."""
    indicator_model = _model(apps, "Indicator")
    disaggregation_model = _model(apps, "Disaggregation")
    option_model = _model(apps, "DisaggregationOption")
    breakdowns = {}
    for code, (name, name_en, options) in disaggregations.items():
        breakdown, created = disaggregation_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
        if created:
            for order, (option, option_name, option_en) in enumerate(options, start=1):
                option_model.objects.create(
                    disaggregation=breakdown,
                    code=option,
                    name=option_name,
                    name_en=option_en,
                    sort_order=order * 10,
                )
        breakdowns[code] = breakdown
    created_count = 0
    last = indicator_model.objects.order_by("-sort_order").values_list("sort_order", flat=True)
    base = last.first() or 0
    for order, entry in enumerate(entries, start=1):
        _, created = indicator_model.objects.get_or_create(
            code=entry.code,
            defaults={
                "name": entry.name,
                "name_en": entry.name_en,
                "group": entry.group,
                "value_type": entry.value_type,
                "aggregation": entry.aggregation,
                "unit_of_measure": entry.unit,
                "formula": entry.formula,
                "disaggregation": breakdowns.get(entry.disaggregation),
                "sort_order": base + order * 10,
            },
        )
        created_count += created
    return created_count


def phrases_seed(apps) -> None:
    """The phrases that name the catalogue's indicators and breakdown options in reports, on
    the rows that have none yet: a department's own edits stay. Needs the `phrases` fields
    (values 0007), so `catalogue_seed`, which older migrations call, does not do it."""
    indicator_model = _model(apps, "Indicator")
    option_model = _model(apps, "DisaggregationOption")
    for entry in CATALOGUE:
        if entry.phrases:
            indicator_model.objects.filter(code=entry.code, phrases="").update(
                phrases="\n".join(entry.phrases)
            )
    for (indicator, option), phrases in OPTION_PHRASES.items():
        option_model.objects.filter(
            disaggregation__indicators__code=indicator, code=option, phrases=""
        ).update(phrases="\n".join(phrases))


def _model(apps, name: str):
    """The model in `apps`: under `values`, or under `reporting` in the migrations that ran
    before the values core left it."""
    try:
        return apps.get_model("values", name)
    except LookupError:
        return apps.get_model("reporting", name)
