"""The request being served, so that services can audit without passing it everywhere."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    actor: object = None  # the authenticated user really acting
    acting_as: object = None  # the user whose space is used while impersonating
    ip_address: str | None = None


NO_REQUEST = AuditContext()
current_audit_context: ContextVar[AuditContext] = ContextVar(
    "current_audit_context",
    default=NO_REQUEST,
)
