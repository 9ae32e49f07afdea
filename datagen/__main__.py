"""Entry point for `python -m datagen`."""

from datagen.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
