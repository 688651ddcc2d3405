import math

# Mean radius of the Earth (IUGG): the sphere on which the search measures distances.
EARTH_RADIUS_KM = 6371.0088


def north_of(commune, km: float) -> dict:
    """Coordinates km kilometres north of the commune's town hall (along the meridian, so
    exactly km on the sphere)."""
    return {
        "latitude": commune.latitude + math.degrees(km / EARTH_RADIUS_KM),
        "longitude": commune.longitude,
    }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, written out independently of the search code."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
