"""The contest as a document: its setup from a contest file, details, components, roster, running order, attachments, conflicts."""
