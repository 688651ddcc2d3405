import json

from django.core.serializers.json import DjangoJSONEncoder
from ninja.renderers import BaseRenderer


class JSONRenderer(BaseRenderer):
    """UTF-8 JSON: French names stay readable ("Angoulême", not "Angoul\\u00eame")."""

    media_type = "application/json"

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
