"""Pure rules of the production context (no Django): order statuses and the planner."""
