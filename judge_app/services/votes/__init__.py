"""Online public votes: previewing a platform's export, matching rows to entries, importing and tallying them."""
