"""Trust in the contest file: accounts and roles, the audit trail, keys, backups, what other programs changed."""
