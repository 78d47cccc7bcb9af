"""Format modules (FORMAT_MODULE_PATH) for the languages whose Django formats
need a change; Django's own fill in everything not set here."""
