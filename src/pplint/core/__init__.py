"""The plain data every layer shares: findings, locations, errors, rules, messages, safe reads."""
