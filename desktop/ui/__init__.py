"""Widgets that paint and signal; they never import each other or the app."""
