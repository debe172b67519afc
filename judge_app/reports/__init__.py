"""Printed documents built with reportlab from plain data a service prepared."""
