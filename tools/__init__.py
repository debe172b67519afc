"""Developer tools (screenshots) that drive the application; not imported by the app itself."""
