"""A contest's results as .docx: the decision on prizes and the prize certificates.

Pure, like `party_docx` whose renderer writes them: the caller maps its contest onto `Awards`
and gets the bytes of each file. The organiser's `style` picks the Party's format (Hướng dẫn
36-HD/VPTW) or the State's (Nghị định 30/2020/NĐ-CP).
"""

from .certificates import render_certificates
from .decision import decision_report, render_decision
from .model import LEVELS, Awards, Organiser, Prize, level_name

__all__ = [
    "LEVELS",
    "Awards",
    "Organiser",
    "Prize",
    "decision_report",
    "level_name",
    "render_certificates",
    "render_decision",
]
