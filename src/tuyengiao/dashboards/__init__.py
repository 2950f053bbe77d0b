"""Dashboards: a unit's figures read from the roll-ups as tables, charts and exports."""
