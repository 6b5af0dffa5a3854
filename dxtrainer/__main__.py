"""`python -m dxtrainer`: the same as the `dxtrainer` command."""

from dxtrainer.cli import main

raise SystemExit(main())
