"""``python -m airspace`` runs the command line."""

from airspace.cli import main

main()
