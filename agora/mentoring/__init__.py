"""Mentors assigned to learners, a private one-to-one space, a feedback log and scheduled check-
ins.
"""
