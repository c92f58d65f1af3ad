"""The AI panel as pages show it: key points, answers and translations (``panel``), the story
brief (``story_brief``), and the AI pages of an article (``ai_views``). The outputs (and the
body with its cited sentences made anchors, ``tidings.ai.sentence_anchors``) are made and
cached by ``tidings.pipeline``; this room only puts them into the reader's language and
links."""
