"""The township office's pages: village packages, villages side by side, checks, conflicts."""
