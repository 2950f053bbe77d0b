"""Channels, their output and the culture registries, and the figures that follow them through
the values core with the channel or record as source; refused in a locked month and outside
scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuyengiao.channels.models import (
    Channel,
    ChannelFeed,
    ChannelKind,
    ChannelOutput,
    CultureRecord,
    Measure,
    Register,
    Stage,
)
from tuyengiao.channels.services import channel_save, output_delete, output_save, record_save
from tuyengiao.reporting import services as reporting_services
from tuyengiao.values.models import DataValue, Indicator
from tuyengiao.values.periods import Period, PeriodKind, period_for
from tuyengiao.values.selectors import figures

MARCH = Period.month(2026, 3)


def now() -> Period:
    return period_for(PeriodKind.MONTH, timezone.localdate())


def value(code, unit, period=MARCH):
    found = DataValue.objects.filter(indicator__code=code, orgunit=unit, period=period.code).first()
    return None if found is None or found.value is None else found.value


def test_the_seeded_feeds_cover_the_press_and_culture_indicators(db):
    fed = {(f.kind, f.measure, f.indicator.code) for f in ChannelFeed.objects.all()}
    assert (ChannelKind.LOUDSPEAKER, Measure.WORKING, "CUM_LOA_HOAT_DONG") in fed
    assert (ChannelKind.PORTAL, Measure.ITEMS, "TIN_BAI_CONG_TTDT") in fed
    assert (ChannelKind.RADIO, Measure.PROGRAMMES, "CHUONG_TRINH_PT_TH") in fed
    assert Indicator.objects.filter(code__in=["THOI_LUONG_PHAT_THANH", "NHA_VAN_HOA"]).count() == 2


def test_a_months_output_adds_up_over_the_units_channels_and_the_province(
    tree, owner, station, province_admin
):
    column = Channel.objects.create(orgunit=tree.commune_a, kind=ChannelKind.COLUMN,
                                    name="Chuyên mục trên Báo tỉnh")  # fmt: skip
    output_save(
        user=owner,
        channel=station,
        month=MARCH.start,
        counts={"programmes": 12, "news_items": 30, "articles": 6, "minutes": 360},
    )
    output_save(user=owner, channel=column, month=datetime.date(2026, 3, 15),
                counts={"programmes": 2, "articles": 4})  # fmt: skip
    assert value("CHUONG_TRINH_PT_TH", tree.commune_a) == 14
    assert value("TIN_BAI_PHONG_SU", tree.commune_a) == 40
    assert value("THOI_LUONG_PHAT_THANH", tree.commune_a) == 360
    programmes = Indicator.objects.get(code="CHUONG_TRINH_PT_TH")
    total = figures(indicator=programmes, unit_ids=[tree.province.pk], period=Period.year(2026))
    assert total[tree.province.pk].value == Decimal(14)
    stored = DataValue.objects.get(indicator=programmes, orgunit=tree.commune_a)
    assert (stored.source, stored.source_type.model) == ("channel", "channel")
    assert stored.source_url == station.get_absolute_url() or column.get_absolute_url()


def test_a_correction_replaces_and_a_deletion_clears_the_months_figure(tree, owner, station):
    output_save(user=owner, channel=station, month=MARCH.start, counts={"programmes": 12})
    output = output_save(user=owner, channel=station, month=MARCH.start, counts={"programmes": 9})
    assert ChannelOutput.objects.count() == 1
    assert value("CHUONG_TRINH_PT_TH", tree.commune_a) == 9
    output_delete(user=owner, output=output)
    assert value("CHUONG_TRINH_PT_TH", tree.commune_a) is None


def test_the_inventory_counts_clusters_and_those_working_this_month(tree, owner, cluster):
    channel_save(user=owner, channel=cluster)
    broken = Channel(orgunit=tree.commune_a, kind=ChannelKind.LOUDSPEAKER, name="Cụm loa thôn 2",
                     working=False, status_since=datetime.date(2025, 5, 1))  # fmt: skip
    channel_save(user=owner, channel=broken)
    assert value("TRAM_TRUYEN_THANH", tree.commune_a, now()) == 2
    assert value("CUM_LOA_HOAT_DONG", tree.commune_a, now()) == 1
    broken.working, broken.status_since = True, timezone.localdate()
    channel_save(user=owner, channel=broken)
    assert value("CUM_LOA_HOAT_DONG", tree.commune_a, now()) == 2


def test_a_cluster_broken_after_a_month_still_worked_in_it(cluster):
    cluster.working, cluster.status_since = False, datetime.date(2026, 4, 10)
    assert cluster.working_in(MARCH) and not cluster.working_in(Period.month(2026, 4))
    cluster.opened_on = datetime.date(2026, 4, 1)
    assert not cluster.in_service(MARCH)


def test_output_in_a_sent_month_is_refused_with_the_reason(
    tree, owner, count, monthly_form, station
):
    feed = ChannelFeed.objects.filter(kind=ChannelKind.RADIO, measure=Measure.PROGRAMMES).get()
    feed.indicator = count  # the form collects it: the month locks once the report is sent
    feed.save()
    period = monthly_form.current
    reporting_services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )
    with pytest.raises(ValidationError) as refused:
        output_save(user=owner, channel=station, month=period.start, counts={"programmes": 3})
    assert "khóa" in " ".join(refused.value.messages)
    assert not ChannelOutput.objects.exists() and not DataValue.objects.filter(indicator=count)


def test_only_an_editor_of_the_unit_records(tree, member, outsider, station):
    for user in (member, outsider):
        with pytest.raises(PermissionDenied):
            output_save(user=user, channel=station, month=MARCH.start, counts={"minutes": 5})
        with pytest.raises(PermissionDenied):
            channel_save(user=user, channel=Channel(orgunit=tree.commune_a, kind="portal",
                                                    name="Cổng"))  # fmt: skip
    assert not ChannelOutput.objects.exists() and Channel.objects.count() == 1


def test_culture_registries_feed_their_counts(tree, owner, troupe, outsider):
    record_save(user=owner, record=troupe)
    record_save(
        user=owner,
        record=CultureRecord(
            orgunit=tree.commune_a,
            register=Register.TROUPE,
            name="Đội văn nghệ thôn 2",
            active=False,
        ),
    )
    assert value("DOI_VAN_NGHE", tree.commune_a, now()) == 1
    book = CultureRecord(orgunit=tree.commune_a, register=Register.HISTORY,
                         name="Lịch sử Đảng bộ xã An Bình", stage=Stage.DRAFTING)  # fmt: skip
    record_save(user=owner, record=book)
    assert value("LICH_SU_DANG_BO", tree.commune_a, now()) == 0
    book.stage, book.year = Stage.PUBLISHED, 2025
    record_save(user=owner, record=book)
    assert value("LICH_SU_DANG_BO", tree.commune_a, now()) == 1
    with pytest.raises(PermissionDenied):
        record_save(user=outsider, record=troupe)


def test_a_history_book_needs_its_stage(tree, owner):
    with pytest.raises(ValidationError):
        record_save(
            user=owner,
            record=CultureRecord(orgunit=tree.commune_a, register=Register.HISTORY, name="Lịch sử"),
        )


def test_a_channel_moved_to_another_unit_takes_its_output_along(tree, owner, station):
    output_save(user=owner, channel=station, month=MARCH.start, counts={"programmes": 7})
    station.orgunit = tree.cell_a1
    channel_save(user=owner, channel=station)
    assert value("CHUONG_TRINH_PT_TH", tree.commune_a) is None
    assert value("CHUONG_TRINH_PT_TH", tree.cell_a1) == 7


def test_a_cell_that_output_feeds_is_not_typed_by_hand(tree, owner, station):
    from tuyengiao.values.services import Source, datavalues_write

    output_save(user=owner, channel=station, month=MARCH.start, counts={"programmes": 5})
    typed = {"indicator": "CHUONG_TRINH_PT_TH", "orgunit": "XA-AB", "period": "202603",
             "value": 9}  # fmt: skip
    report = datavalues_write([typed], user=owner, source=Source("entry"))
    assert report.errors and value("CHUONG_TRINH_PT_TH", tree.commune_a) == 5
    april = {**typed, "period": "202604"}  # no output recorded then: typed as before
    assert datavalues_write([april], user=owner, source=Source("entry")).ok


def test_a_communes_inventory_month_and_registries_in_one_write_each(tree, owner):
    from tuyengiao.channels.services import channels_add, month_outputs_save, records_add

    portal = Channel(orgunit=tree.commune_a, kind=ChannelKind.PORTAL, name="Trang TTĐT xã")
    station = Channel(orgunit=tree.commune_a, kind=ChannelKind.RADIO, name="Đài xã")
    channels_add(user=owner, channels=[portal, station])
    assert value("TRAM_TRUYEN_THANH", tree.commune_a, now()) == 1
    month_outputs_save(user=owner, month=MARCH.start, counts=[
        (portal, {"articles": 5, "news_items": 10}), (station, {"programmes": 30, "articles": 2}),
    ])  # fmt: skip
    assert value("TIN_BAI_CONG_TTDT", tree.commune_a) == 15
    assert value("TIN_BAI_PHONG_SU", tree.commune_a) == 2
    records_add(user=owner, records=[
        CultureRecord(orgunit=tree.commune_a, register=Register.TROUPE, name="Đội 1"),
        CultureRecord(orgunit=tree.commune_a, register=Register.HOUSE, name="Nhà văn hóa 1"),
    ])  # fmt: skip
    assert value("DOI_VAN_NGHE", tree.commune_a, now()) == 1
    assert value("NHA_VAN_HOA", tree.commune_a, now()) == 1
