"""Newsletter subscriptions (double opt-in) and issues sent in batches."""
