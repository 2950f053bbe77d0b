"""Reports: narrative reports in (figures proposed, reviewed, stored through the values core)
and reports out (.docx in the Party's format, Hướng dẫn 36-HD/VPTW)."""
