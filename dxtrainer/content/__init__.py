"""Reads the content tree (Markdown lessons, YAML quizzes, glossary), validates and renders it."""
