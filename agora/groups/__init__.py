"""Groups within a cohort: formed by hand, at random or balanced; each with a space to prepare and
post its result.
"""
