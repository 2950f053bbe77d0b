"""django-auditlog's middleware, with the client address the lock-out uses."""

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware

from tuyengiao.accounts.addresses import client_address


class AuditlogMiddleware(_AuditlogMiddleware):
    """Records the client's address with each change, as `client_address` reads it.

    auditlog's own takes the left-most X-Forwarded-For from any request: whoever writes the
    header would choose the address the audit trail keeps.
    """

    _get_remote_addr = staticmethod(client_address)
