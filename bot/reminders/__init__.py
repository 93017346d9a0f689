"""Delivering reminders: the sweep and the scheduler that drives it."""
