"""The body's own channels, their output, broadcast schedules and culture registries (DESIGN.md
§2); what they count reaches the indicators through the values core."""
