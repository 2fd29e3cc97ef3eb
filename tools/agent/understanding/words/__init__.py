"""How people word requests beyond the cues `intents` lists, by family: the model lifecycle, monitoring, the
agent's own feedback."""
