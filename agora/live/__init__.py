"""Real-time interactions in live sessions: polls, word clouds, rankings and moderated Q&A."""
