"""Pure casework rules: the support ladder, needs assessment, stages, follow-ups.

Nothing here imports Django (an import-linter contract enforces it)."""
