"""The partners' pure logic (no Django): agreements' terms and statuses, the
yearly portfolio, overlap encodings, k-anonymity."""
