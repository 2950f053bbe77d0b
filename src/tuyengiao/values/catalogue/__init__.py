"""The starter catalogue of indicators (DOMAIN.md §4), drawn from real reports.

Seeded by a migration on every new database; a code already present is left as the
department edited it. Rates are derived from counts (a ratio of sums rolls up right; an
average of communes' percentages does not), and ratings are counted by level so that the
four percentages add up to 100 by construction.
"""

from tuyengiao.values.catalogue.breakdowns import DISAGGREGATIONS, OPTION_PHRASES
from tuyengiao.values.catalogue.entry import Entry
from tuyengiao.values.catalogue.seeding import CATALOGUE, catalogue_seed, phrases_seed

__all__ = [
    "CATALOGUE",
    "DISAGGREGATIONS",
    "OPTION_PHRASES",
    "Entry",
    "catalogue_seed",
    "phrases_seed",
]
