"""The nginx configuration hosting/serve.py writes: every process behind it, sessions sticky,
websockets upgraded, and the Host kept with its port (Streamlit's same-origin check needs it)."""

from pathlib import Path

from hosting.serve import nginx_conf


def test_the_proxy_config_keeps_sessions_on_their_process_and_upgrades_websockets():
    conf = nginx_conf(Path("/run/x"), ["http://127.0.0.1:8501", "http://127.0.0.1:8502"], "0.0.0.0", 80)
    assert "server 127.0.0.1:8501 max_fails=1 fail_timeout=2s;" in conf
    assert "server 127.0.0.1:8502 max_fails=1 fail_timeout=2s;" in conf
    assert "hash $route consistent;" in conf
    assert 'map $cookie_convlab_route $route { "" $request_id; default $cookie_convlab_route; }' in conf
    assert 'Set-Cookie "convlab_route=$route;' in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf and "proxy_http_version 1.1;" in conf
    assert "proxy_set_header Host $http_host;" in conf
    assert "listen 0.0.0.0:80;" in conf and "pid /run/x/nginx.pid;" in conf
