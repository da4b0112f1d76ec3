"""Her requests to correct her record, on the portal."""
