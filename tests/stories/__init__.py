"""Tests for tidings.stories."""
