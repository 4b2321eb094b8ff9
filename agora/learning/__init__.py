"""Activity players, progress and completion, the learner's progress page and the
facilitators' gradebook."""
