"""Her inbox on the portal: the SMS sent to her about what she takes part in."""
