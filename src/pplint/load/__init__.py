"""Reading documents: YAML with locations, the shipped JSON Schemas, configuration."""
