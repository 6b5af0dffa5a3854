"""The bundle's entry point (PyInstaller): the same as the `dxtrainer` command."""

from dxtrainer.cli import main

raise SystemExit(main())
