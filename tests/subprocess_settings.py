"""Settings of the worker and server processes that fault tests start and kill: the test
settings, with e-mails written as files so that the test can count what really left."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.subprocess_settings.SlowOnceFileBackend"
MAIL_DIR = os.environ.get("FAULT_MAIL_DIR", "")


class SlowOnceFileBackend:
    """Writes each message to MAIL_DIR; the first delivery of the run hangs for a minute
    first (after leaving a `sending` marker) so that the test can kill the worker inside it."""

    def __init__(self, fail_silently=False, **kwargs):
        pass

    def send_messages(self, messages):
        import time
        import uuid
        from pathlib import Path

        marker = Path(MAIL_DIR, "sending")
        if not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(60)
        for message in messages:
            Path(MAIL_DIR, f"{uuid.uuid4()}.eml").write_bytes(message.message().as_bytes())
        return len(messages)


if os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache(os.environ["REDIS_URL"])}  # noqa: F405
