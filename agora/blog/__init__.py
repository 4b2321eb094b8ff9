"""Blog post proposals, the editorial workflow and the public blog with its Atom feed."""
