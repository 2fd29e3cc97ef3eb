"""How the offline interpreter reads a request: cue words and intents, model names, slots, and the learned scorer."""
