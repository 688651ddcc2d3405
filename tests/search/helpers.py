from monenfant.search.selectors import KM_PER_DEGREE_LAT


def north_of(commune, km: float) -> dict:
    """Coordinates km kilometres north of the commune's town hall."""
    return {"latitude": commune.latitude + km / KM_PER_DEGREE_LAT, "longitude": commune.longitude}
