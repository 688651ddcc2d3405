"""User-facing French text puts a non-breaking space before : ; ! and ? (never a plain one)."""

import io
import re
import tokenize
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
