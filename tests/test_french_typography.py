"""User-facing French text puts a non-breaking space before : ; ! and ? (never a plain one)."""

import io
import re
import tokenize
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "monenfant"
PLAIN_SPACE_BEFORE_PUNCTUATION = re.compile(r"\w [:;!?](?=\s|$|<|\")")
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
# {% translate "…" %} holds text: it is kept, the rest of the template code is not text.
TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1.*?%}""", re.DOTALL)


def visible_text(template: str) -> str:
    """The template's text; a variable becomes a word ("{{ label }} : …" needs the no-break
    space too), tags disappear."""
    text = TRANSLATE_TAG.sub(r"\2", template)
    return TEMPLATE_CODE.sub(lambda code: "x" if code.group().startswith("{{") else "", text)


def template_offences():
    for path in sorted(ROOT.glob("templates/**/*.*")):
        if path.suffix in {".html", ".txt"}:
            text = visible_text(path.read_text(encoding="utf-8"))
            for match in PLAIN_SPACE_BEFORE_PUNCTUATION.finditer(text):
                yield f"{path.relative_to(ROOT)}: …{match.group()}…"


def python_string_offences():
    for path in sorted(ROOT.rglob("*.py")):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            # Docstrings and comments are English; only single-line literals are UI text.
            if token.type == tokenize.STRING and not token.string.lstrip("rbfuRBFU").startswith(
                ('"""', "'''")
            ):
                for match in PLAIN_SPACE_BEFORE_PUNCTUATION.finditer(token.string):
                    yield f"{path.relative_to(ROOT)}:{token.start[0]}: …{match.group()}…"


@pytest.mark.parametrize("offences", [template_offences, python_string_offences])
def test_no_plain_space_before_double_punctuation(offences):
    assert list(offences()) == []


def test_text_inside_translate_tags_is_checked():
    template = (
        '{% translate "Adresse :" %} {% blocktranslate %}Vous ?{% endblocktranslate %} '
        "{{ field.label }} : {{ error }}"
    )
    text = visible_text(template)
    assert len(PLAIN_SPACE_BEFORE_PUNCTUATION.findall(text)) == 3
    assert "{" not in text


# --- Generated text: dates, elision, times and counts, read on rendered pages. -----------

MONTH_NAMES = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
SPACE = "[ \u00a0]"
GENERATED_TEXT_RULES = {
    "« 1er » for the first day of a month": re.compile(rf"(?<![\d,])1{SPACE}+(?:{MONTH_NAMES})\b"),
    "elision of « de » / « le » before a vowel": re.compile(
        r"\b[dDlL]e[ \u00a0]+[AEIOUÂÀÉÈÊÎÏÔÛaeiouâàéèêîïôû][\w'’-]*"
    ),
    "times as « 7 h 30 »": re.compile(r"\b\d{1,2}(?:h\d{2}\b|:\d{2}\b)"),
    "singular after 0 or 1": re.compile(
        rf"(?<![\d,.])[01]{SPACE}+(?!(?:mois|fois|cas|prix|temps|jours? fériés?)\b)[a-zàâçéèêëîïôûù]+s\b"
    ),
}
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def generated_text_offences(html: str) -> list[str]:
    """The offences in the visible text of a page (tags, attributes and scripts left out)."""
    text = unescape(TAG.sub(" ", SCRIPT_OR_STYLE.sub(" ", html)))
    return [
        f"{rule}: …{match.group()}…"
        for rule, pattern in GENERATED_TEXT_RULES.items()
        for match in pattern.finditer(text)
    ]


@pytest.mark.parametrize(
    "wrong",
    [
        "Places libres à partir du 1 décembre 2026",
        "Places libres à partir du 1\u00a0décembre",
        "Un point d'information répond aux familles de Angoulême",
        "Gestionnaire : Mairie de Angoulême",
        "Lundi : 07h30 – 18h30",
        "Lundi : 08:00 – 12:00",
        "Boîte d'envoi (1 courriels)",
        "<p>1 places disponibles</p>",
    ],
)
def test_the_rules_catch_each_known_mistake(wrong):
    assert generated_text_offences(wrong) != []


@pytest.mark.parametrize(
    "right",
    [
        "à partir du 1er\u00a0décembre 2026, le 11 décembre, le 21\u00a0décembre",
        "familles d'Angoulême, Mairie d'Angoulême, de Haguenau, le hameau, de Paris",
        "Lundi : 7\u00a0h\u00a030 – 18\u00a0h, 12\u00a0h\u00a005",
        "Boîte d'envoi (1 courriel), 12 courriels, 1 mois, 10 places",
        '<input type="time" value="08:00"><script>{"t": "07h30"}</script>',
    ],
)
def test_the_rules_leave_correct_text_alone(right):
    assert generated_text_offences(right) == []


@pytest.mark.django_db
def test_pages_built_from_data_follow_the_rules(client):
    """Data chosen to meet each rule: a date on the 1st, a commune starting with a vowel,
    hours at 7:30, a single e-mail."""
    import datetime

    from monenfant.mailing.models import OutboxEmail
    from tests.backoffice.helpers import log_in
    from tests.factories import (
        ChildminderFactory,
        OpeningPeriodFactory,
        StructureFactory,
        UserFactory,
        commune,
    )

    angouleme = commune("16015")
    first_of_month = (datetime.date.today() + datetime.timedelta(days=40)).replace(day=1)
    childminder = ChildminderFactory(
        available_places=1,
        available_from=first_of_month,
        availability_confirmed_on=datetime.date(2026, 12, 1),
        working_hours={"1": [["07:30", "12:00"], ["13:30", "18:30"]]},
    )
    crèche = StructureFactory(
        name="Crèche des Trois Chênes",
        manager_name="Mairie d'Angoulême",
        availability_confirmed_on=datetime.date(2026, 12, 1),
    )
    OpeningPeriodFactory(
        structure=crèche, weekday=1, opens_at=datetime.time(7, 30), closes_at=datetime.time(18, 0)
    )
    StructureFactory(
        kind="linf", eaje_type="", psu=False, online_desk=True, communes_served=[angouleme]
    )
    OutboxEmail.objects.create(
        template="test_message",
        from_email="ne-pas-repondre@monenfant.fr",
        to=["parent@example.org"],
        subject="Message",
        body_text="Bonjour",
        body_html="<p>Bonjour</p>",
    )
    pages = {
        "childminder": f"/assistant-maternel/{childminder.pk}/",
        "structure": f"/structure/{crèche.pk}/",
        "search": "/recherche/?commune=16000&radius_km=5",
    }
    offences = []
    for name, url in pages.items():
        html = client.get(url).content.decode()
        offences += [f"{name}: {o}" for o in generated_text_offences(html)]
    log_in(client, UserFactory(technical_staff=True))
    outbox = client.get("/administration/courriels/").content.decode()
    assert "(1 courriel)" in unescape(outbox)
    offences += [f"outbox: {o}" for o in generated_text_offences(outbox)]
    assert offences == []
    childminder_page = unescape(client.get(pages["childminder"]).content.decode())
    assert "7\u00a0h\u00a030 – 12\u00a0h" in childminder_page
    assert "1er\u00a0" in childminder_page
    structure_page = unescape(client.get(pages["structure"]).content.decode())
    assert "familles d'Angoulême" in structure_page
