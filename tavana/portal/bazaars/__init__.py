"""Her bazaars on the portal: rounds open to her, her ranked choices, her booth."""
