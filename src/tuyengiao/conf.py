"""Strict readers for TUYENGIAO_* environment variables.

A typo in production configuration must stop the app at start-up with a message that names
the variable and the accepted values, never fall back silently to a default.
"""

import ipaddress
import os
import re
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PREFIX = "TUYENGIAO_"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(PREFIX + name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{PREFIX}{name}={value!r} is not a yes/no value: use one of "
        f"{', '.join(sorted(_TRUE | _FALSE))}."
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{PREFIX}{name}={value!r} is not a whole number.") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(
            f"{PREFIX}{name}={number} is out of range [{minimum}, {maximum}]."
        )
    return number


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"{PREFIX}{name}={value!r} has an empty item: separate values with single commas."
        )
    return items


def env_choice(
    name: str, default: str, choices: list[str], *, environ: Mapping[str, str] | None = None
) -> str:
    value = _raw(name, environ)
    if value is None:
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{PREFIX}{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def env_networks(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated IP addresses or networks ("10.0.0.5, 192.168.1.0/24, ::1")."""
    networks = []
    for item in env_list(name, default, environ=environ):
        try:
            # strict=False: "10.0.0.5/24" means the network 10.0.0.0/24, as people write it.
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{PREFIX}{name}: {item!r} is not an IP address or network "
                "(e.g. 127.0.0.1, 10.0.0.0/8, ::1)."
            ) from None
    return networks


def env_header(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    """An HTTP header name ("X-Forwarded-For"): letters, digits and hyphens only."""
    value = _raw(name, environ)
    if value is None:
        return default
    if not re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*", value):
        raise ImproperlyConfigured(
            f"{PREFIX}{name}={value!r} is not an HTTP header name (e.g. X-Forwarded-For)."
        )
    return value


def env_path(name: str, default: Path, *, environ: Mapping[str, str] | None = None) -> Path:
    value = _raw(name, environ)
    return (default if value is None else Path(value)).expanduser().resolve()


def env_file(name: str, *, suffix: str, environ: Mapping[str, str] | None = None) -> Path | None:
    """A file that must exist with this suffix (".docx"), or None when the variable is unset."""
    value = _raw(name, environ)
    if value is None:
        return None
    path = Path(value).expanduser().resolve()
    if path.suffix.lower() != suffix:
        raise ImproperlyConfigured(f"{PREFIX}{name}={value!r} is not a {suffix} file.")
    if not path.is_file():
        raise ImproperlyConfigured(f"{PREFIX}{name}={value!r}: there is no such file ({path}).")
    return path
