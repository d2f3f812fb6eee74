"""`python -m motions` runs the command line."""

from motions.cli import main

main()
