"""The application: the main window that composes and wires, files, loading, actions, dialogs."""
