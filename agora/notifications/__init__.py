"""In-app notifications and e-mail (immediate or daily digest) for every app that notifies."""
