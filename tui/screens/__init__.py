"""Parley's screens: they decide what happens, call the services and push results downward."""
