from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestState(models.TextChoices):
    # Seed 003 and S0 St-F9: a request is « traitée » as soon as the LINF opened it.
    RECEIVED = "recue", _("Non traitée")
    TREATED = "traitee", _("Traitée")


class CallTime(models.TextChoices):
    MORNING = "matin", _("Le matin (9 h – 12 h)")
    MIDDAY = "midi", _("Entre midi et deux (12 h – 14 h)")
    AFTERNOON = "apres_midi", _("L'après-midi (14 h – 18 h)")
    ANY = "indifferent", _("Indifférent")


class ChildSituation(models.TextChoices):
    BORN = "ne", _("Mon enfant est né (moins de 6 ans)")
    EXPECTED = "attendu", _("J'attends un enfant")


class CareKind(models.TextChoices):
    # Seed 003 annexe 3: « crèche collective, assistante maternelle ou garde à domicile ».
    CRECHE = "creche", _("Crèche (accueil collectif)")
    CHILDMINDER = "assistant_maternel", _("Assistant maternel")
    HOME_CARE = "garde_domicile", _("Garde à domicile")
    MAM = "mam", _("Maison d'assistants maternels")
    UNDECIDED = "conseil", _("Je ne sais pas encore, je souhaite être conseillé")


class CareFrequency(models.TextChoices):
    REGULAR = "regulier", _("Régulier")
    OCCASIONAL = "occasionnel", _("Occasionnel")


class Weekday(models.TextChoices):
    MONDAY = "lun", _("Lundi")
    TUESDAY = "mar", _("Mardi")
    WEDNESDAY = "mer", _("Mercredi")
    THURSDAY = "jeu", _("Jeudi")
    FRIDAY = "ven", _("Vendredi")
    SATURDAY = "sam", _("Samedi")
    SUNDAY = "dim", _("Dimanche")
