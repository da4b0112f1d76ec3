# The registry's models arrive with the registry capability (issue 3).
