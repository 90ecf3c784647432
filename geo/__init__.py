"""Regions and geometry of Kazakhstan: reference, boundaries, name resolution."""

from geo.reference import load_employed, load_regions, region_codes, region_name

__all__ = ["load_employed", "load_regions", "region_codes", "region_name"]
