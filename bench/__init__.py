"""Benchmarks: ``python -m bench`` runs all, ``python -m bench network`` those named network*."""
