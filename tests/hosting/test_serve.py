"""The nginx configuration hosting/serve.py writes: every process behind it, sessions sticky,
websockets upgraded, the Host kept with its port (Streamlit's same-origin check needs it), other
Host names refused, per-address limits a class behind one address fits in, security headers,
and TLS when given a certificate. nginx itself checks each variant."""

import shutil
import subprocess
from pathlib import Path

import pytest

from hosting.serve import nginx_conf

BACKENDS = ["http://127.0.0.1:8501", "http://127.0.0.1:8502"]


def test_the_proxy_config_keeps_sessions_on_their_process_and_upgrades_websockets():
    conf = nginx_conf(Path("/run/x"), BACKENDS, "0.0.0.0", 80)
    assert "server 127.0.0.1:8501 max_fails=1 fail_timeout=2s;" in conf
    assert "server 127.0.0.1:8502 max_fails=1 fail_timeout=2s;" in conf
    assert "hash $route consistent;" in conf
    assert 'map $cookie_convlab_route $route { "" $request_id; default $cookie_convlab_route; }' in conf
    assert 'Set-Cookie "convlab_route=$route; Path=/; HttpOnly; SameSite=Lax"\n' in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf and "proxy_http_version 1.1;" in conf
    assert "proxy_set_header Host $http_host;" in conf
    assert "listen 0.0.0.0:80;" in conf and "pid /run/x/nginx.pid;" in conf


def test_only_the_listed_host_names_are_served_and_others_are_closed():
    conf = nginx_conf(Path("/run/x"), BACKENDS, "0.0.0.0", 80, ("localhost", "convlab.example.edu"))
    assert "listen 0.0.0.0:80 default_server;\n        return 444;" in conf
    assert "server_name localhost convlab.example.edu;" in conf


def test_security_headers_and_limits_sized_for_a_class_behind_one_address():
    conf = nginx_conf(Path("/run/x"), BACKENDS, "0.0.0.0", 80)
    assert "server_tokens off;" in conf and "X-Content-Type-Options nosniff" in conf
    assert "Content-Security-Policy \"frame-ancestors 'self'\"" in conf
    assert "limit_conn per_address 1000;" in conf and "rate=300r/s" in conf and "burst=4000" in conf
    assert "Strict-Transport-Security" not in conf and "ssl" not in conf


def test_tls_marks_the_cookie_secure_and_embedding_allows_the_course_site():
    conf = nginx_conf(
        Path("/run/x"),
        BACKENDS,
        "0.0.0.0",
        443,
        tls=(Path("/etc/c.pem"), Path("/etc/k.pem")),
        embed_from=("https://moodle.example.edu",),
    )
    assert "listen 0.0.0.0:443 ssl;" in conf and "ssl_certificate /etc/c.pem;" in conf
    assert "ssl_certificate_key /etc/k.pem;" in conf and "Strict-Transport-Security" in conf
    assert "SameSite=None; Secure" in conf
    assert "frame-ancestors 'self' https://moodle.example.edu" in conf


TOOLS = Path("/usr/sbin/nginx").exists() and shutil.which("openssl")


@pytest.mark.skipif(not TOOLS, reason="needs Debian's nginx and openssl")
@pytest.mark.parametrize("tls", [False, True])
def test_nginx_accepts_the_config(tmp_path, tls):
    paths = None
    if tls:
        paths = (tmp_path / "cert.pem", tmp_path / "key.pem")
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-subj", "/CN=localhost", "-keyout", str(paths[1]), "-out", str(paths[0])),
            ],
            check=True,
            capture_output=True,
        )
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, BACKENDS, "127.0.0.1", 18443, ("localhost",), paths))
    result = subprocess.run(
        ["/usr/sbin/nginx", "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
