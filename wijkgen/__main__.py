"""Run wijkgen as ``python -m wijkgen``."""

from wijkgen.cli import main

main()
