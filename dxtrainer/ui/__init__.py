"""Every Qt widget of DX Trainer. Calls services only; never imports sqlalchemy or dxtrainer.db."""
