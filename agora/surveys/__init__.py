"""Surveys and topic ballots: building, answering, results, and turning winning topics into the
schedule.
"""
