"""The installable web app: the service worker and the next-up card."""
