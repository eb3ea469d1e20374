"""公开: published reports for the anonymous public — reading, downloads and the public audit."""
