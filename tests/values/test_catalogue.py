"""The starter catalogue of indicators: on every new database, never over a department's
edits, and its formulas over its own codes and options, so that they roll up right."""

from decimal import Decimal

import pytest
from django.apps import apps

from tuyengiao.values import expressions
from tuyengiao.values.catalogue import CATALOGUE, DISAGGREGATIONS, catalogue_seed, phrases_seed
from tuyengiao.values.models import Disaggregation, Indicator

pytestmark = pytest.mark.django_db

BY_CODE = {entry.code: entry for entry in CATALOGUE}


def test_a_new_database_holds_the_whole_catalogue_in_its_order():
    seeded = Indicator.objects.filter(code__in=BY_CODE).order_by("sort_order")
    assert [i.code for i in seeded] == [entry.code for entry in CATALOGUE]
    for indicator in seeded:
        entry = BY_CODE[indicator.code]
        assert (indicator.name, indicator.value_type, indicator.formula) == (
            entry.name, entry.value_type, entry.formula
        )  # fmt: skip
        breakdown = indicator.disaggregation.code if indicator.disaggregation else ""
        assert breakdown == entry.disaggregation


def test_the_breakdowns_come_with_their_options_in_order():
    rating = Disaggregation.objects.get(code="XEP_LOAI")
    expected = [code for code, _name, _en in DISAGGREGATIONS["XEP_LOAI"][2]]
    assert [o.code for o in rating.options.order_by("sort_order")] == expected


def test_seeding_again_adds_only_what_is_missing_and_keeps_the_departments_edits():
    Indicator.objects.filter(code="HN_QUAN_TRIET").update(name="Số hội nghị (sửa)")
    Indicator.objects.filter(code="KINH_PHI").delete()
    assert catalogue_seed(apps) == 1
    assert Indicator.objects.get(code="HN_QUAN_TRIET").name == "Số hội nghị (sửa)"
    assert Indicator.objects.get(code="KINH_PHI").name == BY_CODE["KINH_PHI"].name
    assert catalogue_seed(apps) == 0


def test_formulas_name_only_the_catalogues_codes_and_their_options():
    options = {code: {o for o, _n, _e in spec[2]} for code, spec in DISAGGREGATIONS.items()}
    for entry in CATALOGUE:
        if not entry.formula:
            continue
        for name in expressions.parse(entry.formula).variables():
            code, _, option = name.partition(".")
            assert code in BY_CODE, (entry.code, name)
            if option:
                assert option in options[BY_CODE[code].disaggregation], (entry.code, name)


def test_every_rate_is_derived_from_counts():
    for entry in CATALOGUE:
        if entry.value_type == "percent":
            assert entry.formula and entry.aggregation == "sum", entry.code
            inputs = {n.partition(".")[0] for n in expressions.parse(entry.formula).variables()}
            assert {BY_CODE[code].value_type for code in inputs} == {"count"}, entry.code


def test_the_four_rating_shares_add_up_to_a_hundred():
    values = {"DV_XEP_LOAI.HTXS": Decimal(7), "DV_XEP_LOAI.HTT": Decimal(50),
              "DV_XEP_LOAI.HT": Decimal(40), "DV_XEP_LOAI.KHT": Decimal(3)}  # fmt: skip
    shares = [
        expressions.evaluate(expressions.parse(entry.formula), values)
        for entry in CATALOGUE
        if entry.code.startswith("TY_LE_DV_XEP_LOAI_")
    ]
    assert len(shares) == 4 and sum(shares) == 100


@pytest.mark.django_db
def test_phrases_are_seeded_and_a_departments_own_are_kept():
    briefing = Indicator.objects.get(code="HN_THONG_TIN_THOI_SU")
    assert "hội nghị thông tin thời sự" in briefing.phrases.splitlines()
    assert Indicator.objects.get(code="CUM_LOA_HOAT_DONG").phrases  # the channels' seeds
    Indicator.objects.filter(pk=briefing.pk).update(phrases="buổi nói chuyện thời sự")
    phrases_seed(apps)
    assert Indicator.objects.get(pk=briefing.pk).phrases == "buổi nói chuyện thời sự"
