"""The files of deploy/ agree with the code: every command a systemd unit starts exists and
accepts its options, gunicorn loads its configuration, and nginx sets the client-address
header that the production settings read (docs/operations.md)."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
NGINX = (ROOT / "deploy" / "nginx" / "monenfant.conf").read_text()
PROD_ENV = {
    **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "SECRET_KEY": "k" * 20 + "3xT!9v#qLw@Zr$8mN^pY2&bC*dF(hJ)kU_" + "s" * 20,
    "ALLOWED_HOSTS": "monenfant.example.org",
    "MONENFANT_VAR_DIR": "/var/lib/monenfant",
    # Production settings refuse to start without the shared cache (only its address is read).
    "REDIS_URL": "redis://127.0.0.1:6379/9",
}


def exec_start(unit: Path) -> list[str]:
    (line,) = [x for x in unit.read_text().splitlines() if x.startswith("ExecStart=")]
    return shlex.split(line.removeprefix("ExecStart="))


def prod_setting(expression: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", f"from django.conf import settings; print({expression})"],
        cwd=ROOT, env=PROD_ENV, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_the_units_cover_web_worker_scheduler_and_backup():
    assert {unit.name for unit in UNITS} == {
        "monenfant-web.service",
        "monenfant-worker@.service",
        "monenfant-scheduler.service",
        "monenfant-backup.service",
    }
    assert (ROOT / "deploy" / "systemd" / "monenfant-backup.timer").exists()


@pytest.mark.parametrize("unit", [u for u in UNITS if "manage.py" in u.read_text()], ids=str)
def test_each_management_command_of_a_unit_exists_and_accepts_its_options(unit):
    argv = exec_start(unit)
    name, options = argv[2], argv[3:]
    app = get_commands()[name]  # KeyError: no such command
    parser = load_command_class(app, name).create_parser("manage.py", name)
    parser.parse_args(options)  # SystemExit on an unknown option


def test_long_running_services_are_restarted_whatever_ends_them():
    for unit in UNITS:
        if "Type=oneshot" not in unit.read_text():
            assert "Restart=always" in unit.read_text(), unit.name


def test_gunicorn_is_pinned_and_loads_its_configuration():
    pins = (ROOT / "requirements" / "prod.txt").read_text()
    assert re.search(r"^gunicorn==\d+\.\d+\.\d+$", pins, re.MULTILINE)
    web = exec_start(ROOT / "deploy" / "systemd" / "monenfant-web.service")
    assert web[1:] == ["config.wsgi", "--config", "deploy/gunicorn.conf.py"]
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", *web[1:]],
        cwd=ROOT, env=PROD_ENV, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_nginx_sets_the_client_address_header_the_production_settings_read():
    header = prod_setting("settings.CLIENT_IP_HEADER")
    assert header
    # Set from the connection, never passed through from the client.
    assert f"proxy_set_header {header} $remote_addr;" in NGINX
    assert "proxy_request_buffering on;" in NGINX


def test_nginx_serves_the_collected_static_files():
    static_root, static_url = prod_setting("settings.STATIC_ROOT, settings.STATIC_URL").split()
    assert f"location {static_url} {{\n        alias {static_root}/;" in NGINX


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here")
def test_nginx_accepts_the_site_configuration(tmp_path):
    site = NGINX.replace("/etc/letsencrypt/live/monenfant.example.org/", f"{tmp_path}/")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=monenfant.example.org", "-keyout", tmp_path / "privkey.pem",
         "-out", tmp_path / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
