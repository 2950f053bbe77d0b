"""Contests and awards: entries, rule checks, judging under sealed codes, results."""
