"""Dashboards for the finance bureau: per campaign and per unit, charts with .xlsx downloads."""
