"""Charts (pyqtgraph, imported on first use). They only draw: series come from services."""
