"""What every Qt front end shares: the application start-up (bundled fonts, translations), file dialogs, thumbnails."""
