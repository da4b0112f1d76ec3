"""Duplicate detection and review: the pairs the matcher finds (a scan of the
whole registry, or an import's new persons), reviewed by a person who merges
them or marks them "not the same". The matcher itself is pure: people/domain/matching.py."""
