"""What a version is made of, as evidence: its model card, and its reproduction from the recorded lineage."""
