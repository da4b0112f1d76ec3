"""Data-sharing agreements' pages: the manager records one under an agreement;
the partner's analyst sees hers, downloads its extracts and takes her API token."""
