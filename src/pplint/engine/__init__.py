"""Checking: one file in, located findings out; a run over many files; waivers, baselines."""
