"""Reading a tender's texts: folding, term matching, numbers, classification, conditions."""
