"""Static vocabularies (names, places, businesses, free texts).

Kept as plain tuples in code, not files, so generation never depends on the working
directory and every lookup is an O(1) index into a tuple chosen by a seeded RNG.
"""
