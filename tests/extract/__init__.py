"""Tests for tidings.extract."""
