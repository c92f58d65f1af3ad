"""The AI panel as pages show it: key points, answers and translations (``panel``), the story
brief (``story_brief``), cited sentences made anchors (``sentence_anchors``), and the AI
pages of an article (``ai_views``). The outputs are made and cached by ``tidings.pipeline``;
this room only puts them into the reader's language and links."""
