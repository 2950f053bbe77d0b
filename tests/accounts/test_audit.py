"""The history-scope registry and the audit mask."""

import pytest
from auditlog.models import LogEntry
from django.http import Http404

from tests.factories import make_token
from tuyengiao.accounts.audit import (
    MASK,
    history_scope_for,
    mask_value,
    register_history_scope,
)
from tuyengiao.accounts.models import ApiToken, Role
from tuyengiao.accounts.selectors import history_object_get


def test_default_registrations():
    assert history_scope_for("orgunits.orgunit").path_field == "path"
    assert history_scope_for("orgunits.orgunitevent").path_field == "unit__path"
    assert history_scope_for("accounts.roleassignment").path_field == "orgunit__path"
    assert history_scope_for("accounts.roleassignment").role == Role.UNIT_ADMIN
    assert history_scope_for("accounts.user").role == Role.UNIT_ADMIN
    assert history_scope_for("Orgunits.OrgUnit") == history_scope_for("orgunits.orgunit")
    assert history_scope_for("accounts.apitoken") is None


def test_register_history_scope_opens_a_model(tree, owner, outsider):
    from tuyengiao.accounts import audit

    before = dict(audit._registry)
    try:
        register_history_scope("orgunits.unitkind", path_field="path")  # nonsense on purpose
        assert history_scope_for("orgunits.unitkind").role == Role.VIEWER
        register_history_scope("accounts.roleassignment", path_field="orgunit__path", role="editor")
        assert history_scope_for("accounts.roleassignment").role == Role.EDITOR
        with pytest.raises(ValueError):
            register_history_scope("x.y", path_field="path", role="superuser")
    finally:
        audit._registry.clear()
        audit._registry.update(before)


def test_mask_value_hides_everything():
    assert mask_value("pbkdf2_sha256$1000000$salt$hash") == MASK
    assert mask_value("None") == "None"
    assert mask_value("") == ""


def test_api_token_hash_is_masked_and_has_no_history_page(tree, owner, site_admin):
    make_token(owner)
    token = ApiToken.objects.get(user=owner)
    entry = LogEntry.objects.get_for_object(token).get()
    assert token.key_hash not in str(entry.changes_dict)
    assert entry.changes_dict["key_hash"] == ["None", MASK]
    with pytest.raises(Http404):
        history_object_get(user=site_admin, label="accounts.apitoken", pk=token.pk)
