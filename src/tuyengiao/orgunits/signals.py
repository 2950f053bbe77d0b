"""Signals the tree sends for the apps that keep structures derived from it.

`units_changed` is for writes that bypass `OrgUnit.save()` (the bulk import): receivers
get the primary keys of units that were created or got a new parent or successor, after
the writes and inside the same transaction. A single `save()` sends Django's `post_save`.
"""

from django.dispatch import Signal

units_changed = Signal()  # sender: OrgUnit, unit_ids: list[int]

# The audit entries of the same bulk writes, which django-auditlog's own signals miss: the
# audit trail (accounts.audit, above the tree) writes them, inside the import's transaction.
# sender: OrgUnit, entries: [(unit, LogEntry action, {field: (old, new)})], actor: user or None
units_audited = Signal()
