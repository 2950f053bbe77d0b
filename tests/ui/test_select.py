"""Every select is written by ui_select.py instead of Django's templates: the same markup."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from tuyengiao.ui.templatetags.ui_select import select_options


def _between_tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


class _Form(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "— Tất cả —"), ("a&b", 'Ủy ban "Đặc biệt" <1>'), (7, "Bảy")]
    )
    grouped = forms.MultipleChoiceField(
        choices=[("Đảng", [("nq", "Nghị quyết"), ("kl", "Kết luận")]), ("x", "Khác")],
        widget=forms.SelectMultiple(attrs={"data-search": True, "hidden": False}),
    )
    safe = forms.ChoiceField(choices=[("s", mark_safe("<b>đã an toàn</b>"))])


def test_the_same_markup_as_djangos_templates():
    data = {"plain": "a&b", "grouped": ["kl", "x"], "safe": "s"}
    ours, django = _Form(data), _Form(data, renderer=DjangoTemplates())
    for name in ("plain", "grouped", "safe"):
        assert "<option" in str(ours[name])
        assert _between_tags(str(ours[name])) == _between_tags(str(django[name])), name


def test_labels_and_values_are_escaped_unless_marked_safe():
    widget = forms.Select(choices=[('"><script>', "<i>x</i>"), ("s", mark_safe("<b>ok</b>"))])
    html = select_options(widget.get_context("f", None, {})["widget"])
    assert "<script>" not in html and "<i>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;"' in html and "<b>ok</b>" in html


def test_every_form_renders_its_selects_through_ui_select():
    from django.forms.renderers import get_default_renderer

    template = get_default_renderer().get_template("django/forms/widgets/select.html")
    assert "tuyengiao/ui/templates" in str(template.origin.name)


def test_a_widget_s_own_option_template_is_kept():
    class Marked(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    html = select_options(Marked(choices=[("a", "A")]).get_context("f", "a", {})["widget"])
    assert "<option" not in html and "<label" in html  # Django's input_option, not ours


def test_a_label_is_localised_as_django_writes_it():
    import datetime

    widget = forms.Select(choices=[("d", datetime.date(2026, 12, 7))])
    ours = select_options(widget.get_context("f", None, {})["widget"])
    django = widget.render("f", None, renderer=DjangoTemplates())
    assert _between_tags(django).replace('<select name="f">', "").replace("</select>", "") == ours
