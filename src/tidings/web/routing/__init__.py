"""What every view shares: the app's repository, settings, templates and clock, the language
check and the story lookup (``view_context``), and ids, numbers and days read from URLs and
forms before they reach the store (``params``)."""
