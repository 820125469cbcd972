"""``python -m kg`` runs the ``gsi-kg`` command line."""

from kg.cli import main

main(prog_name="gsi-kg")
