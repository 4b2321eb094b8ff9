"""“Report a problem or mistake on this page”, and the organisers' triage list."""
