"""Pure rules of the youth context (no Django): the academic calendar, marks,
and the early warning of academic decline."""
