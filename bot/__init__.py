"""Endings Coach: coaching staff through ending a client relationship well."""
