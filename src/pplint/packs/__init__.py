"""Rule packs: loading and checking them, their clause templates, the cache entry format,
plugins."""
