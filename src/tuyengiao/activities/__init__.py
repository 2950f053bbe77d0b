"""Activities: the conferences, classes and study sessions a unit holds, recorded once with
their attendance as counts, and the unit's figures that follow from them (issue 17)."""
