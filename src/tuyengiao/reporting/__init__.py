"""Report forms and their workflow: the forms units fill in for a period, entry windows and
exceptions, submission and approval up the tree, "what is due" and completeness, and the
values in files that follow a form's layout. Figures themselves belong to `values`."""
