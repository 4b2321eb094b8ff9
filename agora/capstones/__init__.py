"""Capstone projects: proposal, milestones, final submission and review, with mentor feedback and a
showcase.
"""
