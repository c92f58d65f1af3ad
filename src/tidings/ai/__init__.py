"""Local, offline AI help for the reader: key points, answers and briefs, all extractive.

Every output here is built from the article's own sentences and cites them, so a reader can
check it against the text. Import the submodules directly; this package imports nothing so
that one capability never loads another's dependencies.
"""
