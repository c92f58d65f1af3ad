"""The machine-translation statements mt_words recognises, in sentences we wrote."""

from __future__ import annotations

import pytest

from tidings.extract.mt_words import names_machine_translation, says_machine_translated


@pytest.mark.parametrize(
    "text",
    [
        # English
        "This article was machine translated.",
        "This story has been automatically translated from Greek and may contain errors.",
        "Note: this text was translated from Polish with the help of artificial intelligence.",
        "The following interview is a machine translation of the original.",
        "Machine-translated from Finnish.",
        "[Automatically translated]",
        "Translated by AI",
        # German
        "Dieser Artikel wurde maschinell übersetzt.",
        "Dieser Bericht ist aus dem Englischen automatisch übersetzt worden.",
        "Dieser Beitrag wurde mithilfe von künstlicher Intelligenz übersetzt.",
        "Hinweis: Maschinell übersetzt aus dem Tschechischen.",
        # French
        "Cet article a été traduit automatiquement du néerlandais.",
        "Ce texte a été traduit de l’allemand à l’aide de l’intelligence artificielle.",
        "Traduction automatique.",
        # Spanish
        "Este artículo fue traducido automáticamente.",
        "Esta noticia ha sido traducida del sueco con inteligencia artificial.",
        "Traducción automática del alemán.",
        # Italian
        "Questo articolo è stato tradotto automaticamente dal francese.",
        "Quest'articolo è stato tradotto con l'aiuto dell'intelligenza artificiale.",
        # Dutch
        "Dit artikel is automatisch vertaald uit het Duits.",
        "Deze tekst werd met behulp van kunstmatige intelligentie vertaald.",
        "Automatisch vertaald",
        # Portuguese
        "Este artigo foi traduzido automaticamente do espanhol.",
        "Esta notícia foi traduzida pela inteligência artificial.",
        "Tradução automática: DeepL",
    ],
)
def test_a_publisher_statement_is_recognised(text: str) -> None:
    assert says_machine_translated(text)


def test_a_statement_inside_a_longer_paragraph_counts() -> None:
    text = (
        "The mayor will answer questions on Friday. This report has been machine-translated "
        "and was checked by an editor before publication."
    )
    assert says_machine_translated(text)


@pytest.mark.parametrize(
    "text",
    [
        "Machine translation has improved, researchers say.",
        "Machine translation: researchers report fewer errors in legal texts",
        "Automatically translated subtitles are now common on video platforms.",
        "This article is about machine translation.",
        "This article was not machine translated.",
        "The team said texts that were automatically translated contained more errors.",
        "This article was translated from the Spanish by Maria Keller.",
        "Die maschinelle Übersetzung hat sich stark verbessert, sagen Forscher.",
        "Maschinell übersetzte Texte enthalten mehr Fehler, so die Studie.",
        "Automatisch übersetzt werden künftig alle Anträge der Behörde.",
        "Dieser Artikel wurde nicht maschinell übersetzt.",
        "La traduction automatique progresse, selon une étude publiée mardi.",
        "Traduction automatique : les chercheurs saluent des progrès rapides",
        "La traducción automática ha mejorado mucho en los últimos años.",
        "Il testo è stato tradotto da Marco Rossi per i lettori italiani.",
        "Automatische vertaling wordt steeds beter, zeggen onderzoekers.",
        "A tradução automática avançou muito, dizem os investigadores.",
    ],
)
def test_machine_translation_as_a_topic_is_not_a_statement(text: str) -> None:
    assert not says_machine_translated(text)


def test_a_long_line_is_no_label() -> None:
    label = "Machine-translated from Finnish, "
    assert says_machine_translated(label + "with care.")
    assert not says_machine_translated(label + "with care " * 20)


@pytest.mark.parametrize(
    ("name", "machine"),
    [
        ("DeepL", True),
        ("Google Translate", True),
        ("Neural machine translation service", True),
        ("KI-Übersetzungsdienst der Redaktion", True),
        ("AI", True),
        ("Kai Müller", False),
        ("Maria Keller", False),
        ("Reuters", False),
    ],
)
def test_translator_names(name: str, machine: bool) -> None:
    assert names_machine_translation(name) is machine
