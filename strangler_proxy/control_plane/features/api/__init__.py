"""The control plane's DRF API: staff manage stages; the proxy reads the table and reports."""
