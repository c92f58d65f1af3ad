"""``python -m tidings`` runs the command line."""

from tidings.cli import main

main()
