"""The auditor's screen over the audit log (`/audit/`): a search form and
count-free pages. It sits in core, above `tavana.audit` (the log itself, the
bottom layer that core's configuration services write to), because its form
uses core's Persian and Jalali fields."""
