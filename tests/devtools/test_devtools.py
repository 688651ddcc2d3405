import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from monenfant.childminders.models import Childminder
from tests.factories import ChildminderFactory

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.django_db
@pytest.mark.parametrize(
    "command, options",
    [
        ("generate_data", {"replace": True}),
        ("setup_demo", {}),
        ("bench_search", {}),
        ("bench_load", {}),
        ("demo_totp", {}),
    ],
)
def test_development_tools_refuse_production_settings(command, options):
    ChildminderFactory()
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="production"):
        call_command(command, **options)
    assert Childminder.objects.count() == 1  # nothing replaced


@pytest.mark.django_db
def test_generate_data_replaces_only_with_the_explicit_flag():
    ChildminderFactory()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_data", scale="departement", code="90")
    assert Childminder.objects.count() == 1


def test_production_has_no_development_tools_and_never_imports_faker(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "k" * 20 + "3xT!9v#qLw@Zr$8mN^pY2&bC*dF(hJ)kU_" + "s" * 20,
        "ALLOWED_HOSTS": "monenfant.example.org",
        "MONENFANT_VAR_DIR": str(tmp_path),
        # Production settings refuse to start without the shared cache (only its address is read).
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    script = (
        "import sys, django; django.setup();"
        "from django.apps import apps;"
        "from django.core.management import get_commands;"
        "import config.urls;"
        "print(apps.is_installed('monenfant.devtools'), 'faker' in sys.modules,"
        " sorted(set(get_commands()) & {'generate_data', 'setup_demo', 'bench_search',"
        " 'bench_load', 'demo_totp'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False []"
