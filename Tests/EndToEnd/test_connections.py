"""What a connection may hold: half-open connections are closed by the header timeout and idle
keep-alive ones by the idle timeout while others are served, and a refused upload ends its
connection at once instead of hanging the client."""
import os
import socket
import subprocess
import time
import urllib.request

from test_server import Server


def test_half_open_connections_are_closed_and_others_are_served(backline, tmp_path):
    server = Server(backline, tmp_path, extra=["--header-timeout", "2", "--idle-timeout", "60"])
    try:
        held = []
        for _ in range(300):
            connection = socket.create_connection(("127.0.0.1", server.port))
            connection.sendall(b"GET /heal")  # half a request line, then nothing
            held.append(connection)
        started = time.monotonic()
        with urllib.request.urlopen(server.url + "/health", timeout=5) as answer:
            assert answer.status == 200, "a normal client is served while 300 connections hang"
        for connection in held:
            connection.settimeout(10)
            assert connection.recv(100) == b"", "closed by the server"
        assert time.monotonic() - started < 5, "within the 2 s header timeout (and a little)"
        with urllib.request.urlopen(server.url + "/genres", timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.stop()


def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(backline, tmp_path):
    server = Server(backline, tmp_path, extra=["--idle-timeout", "2"])
    try:
        connection = socket.create_connection(("127.0.0.1", server.port))
        connection.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        connection.settimeout(10)
        answer = connection.recv(65536)
        assert answer.startswith(b"HTTP/1.1 200"), answer[:100]
        started = time.monotonic()
        assert connection.recv(100) == b"", "closed by the server once idle"
        assert 1.5 < time.monotonic() - started < 5, "after the 2 s idle timeout, not before"
    finally:
        server.stop()


def test_a_bad_header_timeout_is_refused_with_its_name(backline, tmp_path):
    result = subprocess.run([backline, "serve", "--header-timeout", "0", "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "the header timeout 0 s is outside 1–600 seconds" in result.stderr
    result = subprocess.run([backline, "serve", "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=30,
                            env={**os.environ, "BACKLINE_HEADER_TIMEOUT": "soon"})
    assert result.returncode != 0
    assert "BACKLINE_HEADER_TIMEOUT 'soon' is not a number of seconds" in result.stderr


def test_a_refused_upload_gets_its_413_and_the_connection_ends(backline, tmp_path):
    server = Server(backline, tmp_path)
    try:
        body = b"x" * (20 << 20)
        connection = socket.create_connection(("127.0.0.1", server.port))
        connection.sendall(b"POST /sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                           b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        connection.settimeout(2)
        started = time.monotonic()
        try:
            connection.sendall(body[:2 << 20])
        except OSError:
            pass  # the server may already have answered and closed
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass  # the end of the stream, with the unread upload discarded
        assert received.startswith(b"HTTP/1.1 413"), received[:200]
        assert b'"detail"' in received
        assert time.monotonic() - started < 2
    finally:
        server.stop()
