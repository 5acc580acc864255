"""The county office's pages (issue 21): townships and their villages side by side."""
