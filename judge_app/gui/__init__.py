"""The Qt desktop front end (organizer and clerk workspace)."""
