"""The dashboard's charts as matplotlib draws them: what each shows, numbers written the
Vietnamese way, and the files they become."""

import math

from tuyengiao.dashboards import charts


def drawn(figure):
    """The figure's only axes, laid out so that its tick labels hold their text."""
    figure.draw_without_rendering()
    [axes] = figure.axes
    return axes


def texts(items):
    return [item.get_text() for item in items]


def test_bars_put_the_largest_at_the_top_and_a_missing_value_draws_none():
    axes = drawn(charts.bars(["Xã A", "Xã B", "Xã C"], [5, None, 1200.5], title="Số hội nghị"))
    # Bars go upwards from the first: the last drawn is the top one.
    assert texts(axes.get_yticklabels()) == ["Xã B", "Xã A", "Xã C"]
    assert [bar.get_width() for bar in axes.patches] == [0, 5, 1200.5]
    assert texts(axes.texts) == ["—", "5", "1.200,5"]


def test_bars_name_the_indicator_and_its_unit_with_vietnamese_numbers():
    axes = drawn(charts.bars(["Xã A"], [1500], title="Số hội nghị", unit="cuộc"))
    assert axes.get_title(loc="left") == "Số hội nghị" and axes.get_xlabel() == "cuộc"
    assert "1.000" in texts(axes.get_xticklabels()) and texts(axes.texts) == ["1.500"]


def test_bars_keep_the_largest_forty_and_shorten_long_names():
    labels = [f"Đảng ủy xã số {n} của huyện miền núi rất xa" for n in range(50)]
    axes = drawn(charts.bars(labels, list(range(50)), title="t"))
    assert len(axes.patches) == charts.MAX_BARS
    assert min(bar.get_width() for bar in axes.patches) == 50 - charts.MAX_BARS
    top = texts(axes.get_yticklabels())[-1]
    assert len(top) == 40 and top.endswith("…") and top.startswith("Đảng ủy xã số 49")


def test_a_line_leaves_a_gap_for_a_period_without_a_value_and_starts_at_zero():
    axes = drawn(charts.line(["T1", "T2", "T3"], [4, None, 3.5], title="t", unit="cuộc"))
    first, gap, last = axes.lines[0].get_ydata()
    assert (first, last) == (4, 3.5) and math.isnan(gap)
    assert texts(axes.get_xticklabels()) == ["T1", "T2", "T3"]
    assert axes.get_ylim()[0] == 0 and axes.get_ylabel() == "cuộc"


def test_completeness_bars_are_percentages_on_a_fixed_scale():
    axes = drawn(charts.percent_bars(["Q1", "Q2"], [50.0, 100.0], title="Tỷ lệ đã gửi"))
    assert texts(axes.texts) == ["50 %", "100 %"]
    assert texts(axes.get_yticklabels()) == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    assert axes.get_ylim() == (0, 110)


def test_svg_keeps_vietnamese_text_as_text():
    svg = charts.render(charts.bars(["Đảng ủy xã Bình Minh"], [3], title="Số lớp"), "svg")
    assert svg.startswith(b"<?xml") and ">Đảng ủy xã Bình Minh</text>".encode() in svg
    assert b"<dc:date>" not in svg


def test_png_of_the_same_figures_is_the_same_file():
    def png():
        return charts.render(charts.line(["T1", "T2"], [1, 2], title="Số hội nghị"), "png")

    first = png()
    assert first.startswith(b"\x89PNG") and first == png()


def test_svg_of_the_same_figures_is_the_same_file():
    def svg():
        return charts.render(charts.bars(["Xã A", "Xã B"], [3, 5], title="Số hội nghị"), "svg")

    first = svg()
    assert b"<svg" in first and first == svg()
