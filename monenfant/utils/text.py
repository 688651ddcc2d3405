import re
import unicodedata

_SEPARATORS = re.compile(r"[\s'’\-_.,/]+")


def normalize_search_text(value: str) -> str:
    """Lower case ASCII with single spaces: "Saint-Étienne" and "saint etienne" compare equal."""
    decomposed = unicodedata.normalize("NFKD", value)
    # Drop accents, and control characters (a NUL byte is refused by PostgreSQL).
    ascii_text = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cc"
    )
    ascii_text = (
        ascii_text.replace("œ", "oe").replace("æ", "ae").replace("Œ", "oe").replace("Æ", "ae")
    )
    return _SEPARATORS.sub(" ", ascii_text.lower()).strip()
