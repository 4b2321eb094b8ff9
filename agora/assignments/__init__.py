"""Assignment submissions, grading with rubrics and feedback."""
