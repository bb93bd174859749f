"""pyqtgraph items and the one plot scene, drawn by the window and every export."""
