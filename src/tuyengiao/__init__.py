"""tuyengiao: work management and document intelligence for ban tuyên giáo."""
