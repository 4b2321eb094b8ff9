"""Cohort forums and the community of practice: threads, replies, moderation, notifications."""
