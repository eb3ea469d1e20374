"""Bulk audit (批量审核): a zip of documents imported, checked and scored by a background worker."""
