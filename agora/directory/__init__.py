"""The opt-in peer directory: profiles of people and organisations, search, and contact requests."""
