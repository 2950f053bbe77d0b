"""The reporting models: indicators and their values (`indicators`), the forms units fill in
and the approval of what they send (`forms`)."""

from tuyengiao.reporting.models.forms import (
    EntryException,
    FormItem,
    FormSection,
    ReportForm,
    Submission,
    SubmissionEvent,
    ValidationRule,
)
from tuyengiao.reporting.models.indicators import (
    CODE_RE,
    DECIMAL_PLACES,
    SCALE,
    Aggregate,
    Aggregation,
    DataValue,
    DataValueChange,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    RollupAncestor,
    ValueType,
)

__all__ = [
    "CODE_RE",
    "DECIMAL_PLACES",
    "SCALE",
    "Aggregate",
    "Aggregation",
    "DataValue",
    "DataValueChange",
    "Disaggregation",
    "DisaggregationOption",
    "EntryException",
    "FormItem",
    "FormSection",
    "Indicator",
    "ReportForm",
    "RollupAncestor",
    "Submission",
    "SubmissionEvent",
    "ValidationRule",
    "ValueType",
]
