"""Renderers: values in, text out (terminal text, Markdown, HTML, JSON). Renderers never parse."""
