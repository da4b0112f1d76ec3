"""Her consents on the portal: what she agreed to; withdrawing or giving one."""
