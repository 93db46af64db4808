"""Data files shipped with airspace (installed as the ``airspace.geodata`` package).

Each file names its source; see ``geodata/README.md``.
"""
