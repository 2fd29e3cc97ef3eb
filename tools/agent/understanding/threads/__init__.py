"""What a thread already holds: the records its tools showed, the words that point back at them, and the follow-ups
that are read from them."""
