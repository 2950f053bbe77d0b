"""Interface pieces every app shares, below the apps: how numbers and dates are written and
read (Vietnamese style), the date widget, and the Vietnamese order of names on both
databases. One place each, so that no page formats or sorts on its own."""
