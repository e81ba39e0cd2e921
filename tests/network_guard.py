"""No hidden network in the test suite: outbound connections other than loopback are refused.

Installed for the whole run by conftest.py, so a test that downloads or phones home fails loudly
instead of passing on a machine that happens to be online.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class OutboundConnectionBlocked(OSError):
    pass


def is_loopback(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard_connect(real: Callable[..., Any]) -> Callable[..., Any]:
    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            raise OutboundConnectionBlocked(f"kết nối ra ngoài bị chặn trong kiểm thử: {address!r}")
        return real(self, address)

    return connect


def _guard_getaddrinfo(real: Callable[..., Any]) -> Callable[..., Any]:
    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_loopback(host):
            raise OutboundConnectionBlocked(f"tra cứu tên miền bị chặn trong kiểm thử: {host!r}")
        return real(host, *args, **kwargs)

    return getaddrinfo


def install() -> Callable[[], None]:
    """Block outbound connections in this process; returns the function that lifts the block."""
    saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo)
    socket.socket.connect = _guard_connect(saved[0])  # type: ignore[method-assign]
    socket.socket.connect_ex = _guard_connect(saved[1])  # type: ignore[method-assign]
    socket.getaddrinfo = _guard_getaddrinfo(saved[2])  # type: ignore[assignment]

    def lift() -> None:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = saved  # type: ignore[method-assign]

    return lift
