"""Question banks, quizzes and attempts."""
