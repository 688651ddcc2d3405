from django.db import models
from django.utils.translation import gettext_lazy as _

from monenfant.utils.text import normalize_search_text

# INSEE "type de nom en clair": the article and the linking word of a name ("de la Charente").
_LINKING_WORD_BY_NAME_TYPE = {
    "0": "de ",
    "1": "d'",
    "2": "du ",
    "3": "de la ",
    "4": "des ",
    "5": "de l'",
    "6": "des ",
    "7": "de las ",
    "8": "de los ",
}
_ARTICLE_BY_NAME_TYPE = {
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}


def name_with_article(name: str, name_type: str) -> str:
    """INSEE files give "Havre" and the name type "2"; people say "Le Havre"."""
    article = _ARTICLE_BY_NAME_TYPE.get(name_type, "")
    return name if name.startswith(article) else article + name


def commune_search_keys(name: str) -> tuple[str, str]:
    """The look-up keys of a commune name: the whole name, and the name without its article
    (so that "havre" finds "Le Havre"); the second is empty when there is no article."""
    for article in _ARTICLE_BY_NAME_TYPE.values():
        if name.startswith(article):
            return normalize_search_text(name), normalize_search_text(name[len(article) :])
    return normalize_search_text(name), ""


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    name_type = models.CharField(_("type de nom (INSEE)"), max_length=1, default="0")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = _("département")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def name_with_linking_word(self) -> str:
        """ "de la Charente", "du Nord", "de Paris"."""
        name = self.name
        article = _ARTICLE_BY_NAME_TYPE.get(self.name_type, "")
        if article and name.startswith(article):
            name = name[len(article) :]
        return _LINKING_WORD_BY_NAME_TYPE.get(self.name_type, "de ") + name


class CommuneQuerySet(models.QuerySet):
    def with_departement(self):
        return self.select_related("departement")


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(max_length=100, editable=False)
    search_name_without_article = models.CharField(max_length=100, editable=False, blank=True)
    postal_codes = models.JSONField(_("codes postaux"), default=list)
    population = models.PositiveIntegerField(_("population municipale"), default=0)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    # False when the data set has no town-hall point and the commune's shape centre is used.
    located_at_town_hall = models.BooleanField(default=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        ordering = ["name"]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL serve LIKE 'prefix%' from the index; SQLite
            # ignores opclasses and is queried with a range instead (see selectors).
            models.Index(
                fields=["search_name"],
                name="commune_search_name_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["search_name", "population"], name="commune_search_pop_idx"),
            models.Index(
                fields=["search_name_without_article"],
                name="commune_search_bare_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"

    def save(self, *args, **kwargs):
        self.search_name, self.search_name_without_article = commune_search_keys(self.name)
        super().save(*args, **kwargs)

    @property
    def caf(self) -> "Caf":
        """The CAF of the commune's département: the tenant of what lies in the commune."""
        return Caf.objects.get(departement_id=self.departement_id)

    @property
    def label(self) -> str:
        """What a form shows: "Angoulême (16000)"."""
        code = self.postal_codes[0] if self.postal_codes else self.departement_id
        return f"{self.name} ({code})"


class CommunePostalCode(models.Model):
    """One row per (commune, postal code): the index behind the postal-code look-up."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_code_rows")
    code = models.CharField(_("code postal"), max_length=5)

    class Meta:
        verbose_name = _("code postal")
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="unique_postal_code_commune")
        ]

    def __str__(self):
        return self.code


class Caf(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    departement = models.OneToOneField(Departement, on_delete=models.PROTECT, related_name="caf")
    mailbox_monenfant = models.EmailField(
        _("boîte aux lettres fonctionnelle monenfant"), blank=True
    )
    mailbox_approvers = models.EmailField(_("boîte aux lettres des approbateurs"), blank=True)

    class Meta:
        verbose_name = _("Caf")
        verbose_name_plural = _("Caf")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ReferentialLoad(models.Model):
    """Which version of the source data is loaded, so that reloading the same one is a no-op."""

    source = models.CharField(max_length=100, unique=True)
    loaded_at = models.DateTimeField(auto_now=True)
    communes = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.source
