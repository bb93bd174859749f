"""Pure numpy layout: rows, frames, labels, density, time-axis ticks. No Qt."""
