"""组织与人员: jurisdictions, finance bureaus and desks, budget units, roles and scopes, login limits, demo data."""
