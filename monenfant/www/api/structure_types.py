"""The per-kind schemas (monenfant.structures.schemas), for partners building forms or sheets."""

from ninja import Router, Schema

from monenfant.structures.enums import StructureKind
from monenfant.structures.models import Structure
from monenfant.structures.schemas import SCHEMAS

from .errors import COMMON_ERRORS

router = Router(tags=["Types de structures"])


class FieldOut(Schema):
    name: str
    label: str
    required: bool
    help_text: str


class SectionOut(Schema):
    key: str
    title: str
    kind: str
    fields: list[FieldOut]


class StructureTypeOut(Schema):
    kind: str
    label: str
    sub_types: list[dict[str, str]]
    sections: list[SectionOut]
    max_opening_ranges_per_day: int
    half_day_availability_table: bool
    serves_communes: bool
    residence_or_workplace_conditions: bool
    online_information_requests: bool
    age_range_months: list[int]


def _label(name: str) -> str:
    return str(Structure._meta.get_field(name).verbose_name)


@router.get(
    "/types",
    response={200: list[StructureTypeOut], **COMMON_ERRORS},
    summary="Types de structures et leurs champs",
)
def structure_types(request):
    """Each kind with the sections of its sheet and their fields, read from the one declaration
    the public sheet and the search use."""
    return [
        {
            "kind": str(kind),
            "label": str(StructureKind(kind).label),
            "sub_types": [{"value": str(t), "label": str(t.label)} for t in schema.sub_types],
            "sections": [
                {
                    "key": section.key,
                    "title": str(section.title),
                    "kind": section.kind,
                    "fields": [
                        {
                            "name": spec.name,
                            "label": _label(spec.name),
                            "required": spec.required,
                            "help_text": str(spec.help_text),
                        }
                        for spec in section.fields
                    ],
                }
                for section in schema.sections
            ],
            "max_opening_ranges_per_day": schema.max_opening_ranges,
            "half_day_availability_table": schema.has_availability_table,
            "serves_communes": schema.serves_communes,
            "residence_or_workplace_conditions": schema.has_conditions,
            "online_information_requests": schema.online_desk,
            "age_range_months": list(schema.age_range),
        }
        for kind, schema in SCHEMAS.items()
    ]
