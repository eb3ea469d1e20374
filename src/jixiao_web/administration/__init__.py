"""系统管理: the system administrator's pages (users, roles and scopes, units, bureaus, desks,
jurisdictions, API tokens) and the password change page for everyone."""
