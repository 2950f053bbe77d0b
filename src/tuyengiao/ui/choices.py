"""Choice lists of a tree (units): each under its parent, brothers in Vietnamese order.

Every drop-down or list box of units goes through `TreeChoiceField` or
`TreeMultipleChoiceField`, so that they all read like the tree, in the order of the tree page
(`collation`), whatever order their queryset has. A long list (a province's ~360 units) gets
its search box from `ui.js`.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from tuyengiao.ui.collation import tree_sorted

__all__ = ["TreeChoiceField", "TreeMultipleChoiceField"]


class _TreeOrder(ModelChoiceIterator):
    field: "TreeChoiceField | TreeMultipleChoiceField"

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        units = tree_sorted(self.queryset)
        # Indented from the shallowest unit offered, so that a commune's list starts flush.
        self.field.top_level = min((unit.level for unit in units), default=0)
        for unit in units:
            yield self.choice(unit)


class _TreeLabels:
    show_code = True
    top_level = 0

    def label_from_instance(self, obj) -> str:
        indent = "— " * max(obj.level - self.top_level, 0)
        code = f" ({obj.code})" if self.show_code else ""
        return f"{indent}{obj.name}{code}"


class TreeChoiceField(_TreeLabels, forms.ModelChoiceField):
    """One unit, chosen in a list that reads like the tree; `show_code` adds each unit's code
    to its name, `empty_label` None offers no empty choice."""

    iterator = _TreeOrder

    def __init__(self, *, show_code: bool = True, **kwargs) -> None:
        kwargs.setdefault("empty_label", _("— Chọn đơn vị —"))
        super().__init__(**kwargs)
        self.show_code = show_code


class TreeMultipleChoiceField(_TreeLabels, forms.ModelMultipleChoiceField):
    """Several units, chosen in a list box that reads like the tree."""

    iterator = _TreeOrder

    def __init__(self, *, show_code: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.show_code = show_code
