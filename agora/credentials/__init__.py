"""Certificates (PDF), Open Badges 3.0 credentials, signing keys and public verification."""
