"""The orders service: places orders through a persisted saga and keeps customer and product snapshots."""
