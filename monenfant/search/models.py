"""The search table: one row per childminder or structure the public may find.

Denormalised from the childminders and structures (public point, filter columns, the summary
shown in the list) so that a page of results is one indexed query over one table. Only rows
visible to the public are here. The rows are written by monenfant.search.services, never by
hand; docs/architecture.md tells who calls it.
"""

from django.db import models

from monenfant.referential.models import Commune


class SearchEntry(models.Model):
    # "asm" for a childminder, else the structure's kind.
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    # The public point: the town hall for a childminder who hides the address.
    latitude = models.FloatField()
    longitude = models.FloatField()
    # The same point as a unit vector: the chord between two of them orders pairs exactly as
    # the great-circle distance does, with + - * only (any engine, no extension).
    x = models.FloatField()
    y = models.FloatField()
    z = models.FloatField()
    commune = models.ForeignKey(
        Commune, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    name = models.CharField(max_length=200)
    # Childminders: « Assistante maternelle » or « Assistant maternel » on the result card.
    # Nullable without default, as every column added later must be: SQLite then adds it in
    # place, where a NOT NULL column makes Django rebuild the table and lose the triggers
    # that keep the R*Tree in step (migrations 0002, 0003).
    civility = models.CharField(max_length=10, null=True)
    exact_location = models.BooleanField()
    age_min_months = models.PositiveSmallIntegerField()
    age_max_months = models.PositiveSmallIntegerField()
    # Days mask: days with places (childminder) or open (structure).
    days = models.PositiveSmallIntegerField()
    # Childminders only.
    available_places = models.PositiveSmallIntegerField(null=True)
    available_from = models.DateField(null=True)
    # Childminders, and structures with an availability table (EAJE, MAM).
    availability_confirmed_on = models.DateField(null=True)
    # Structures with an availability table: first and last free half-day.
    first_free_on = models.DateField(null=True)
    last_free_on = models.DateField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["object_id", "kind"], name="search_entry_unique"),
        ]
        # The spatial index is engine-specific (R*Tree on SQLite, GiST on PostgreSQL): created
        # by migration 0002, not declared here.

    def __str__(self):
        return f"{self.kind} {self.object_id}"
