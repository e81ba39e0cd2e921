import socket

import pytest

from tests.network_guard import OutboundConnectionBlocked, is_loopback


def test_outbound_connections_are_refused_during_the_tests():
    with pytest.raises(OutboundConnectionBlocked), socket.socket() as s:
        s.connect(("203.0.113.10", 80))  # TEST-NET-3: never reached, refused before trying
    with pytest.raises(OutboundConnectionBlocked):
        socket.getaddrinfo("huggingface.co", 443)


def test_loopback_stays_open():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("10.0.0.1") and not is_loopback("pypi.org")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
