"""Sphinx configuration of the project documentation."""

project = 'compute'
copyright = '2026, the compute developers'
extensions = []
exclude_patterns = []
html_theme = 'alabaster'
