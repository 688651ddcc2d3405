"""What a browser would send for a form of a page: every field with its current value
(text inputs, hidden inputs, ticked boxes and radios, text areas, selected options), so that
a test changes one value and posts the rest as the page showed it."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # [{"attrs": {...}, "fields": [(name, value)]}]
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": []})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the newline right after <textarea>.
            name, value = self._textarea
            self.forms[-1]["fields"].append((name, value.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(html: str, *, containing: str) -> dict[str, list[str]]:
    """The fields of the first form whose markup contains `containing` (a button's label, a
    hidden value…), as {name: [values]} ready for client.post."""
    start = html.find(containing)
    assert start != -1, f"{containing!r} is not on the page"
    form_start = html.rfind("<form", 0, start)
    form_end = html.find("</form>", start)
    parser = _Forms()
    parser.feed(html[form_start : form_end + len("</form>")])
    data: dict[str, list[str]] = {}
    for name, value in parser.forms[0]["fields"]:
        data.setdefault(name, []).append(value)
    return data
