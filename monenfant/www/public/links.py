from django.urls import reverse

from monenfant.search.selectors import CHILDMINDER_KIND


def result_url(kind: str, pk: int) -> str:
    """The public sheet of a search result."""
    if kind == CHILDMINDER_KIND:
        return reverse("public:childminder", args=[pk])
    return reverse("public:structure", args=[pk])
