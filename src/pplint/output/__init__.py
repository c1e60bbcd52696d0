"""What a run is shown as: output formats (one registry, plugins included) and rule docs."""
