"""How a publisher says its text was machine-translated, in seven languages.

Two forms count as the publisher's own statement: a sentence whose subject is the piece
itself ("This article was machine-translated", "Dieser Text wurde maschinell übersetzt",
"Cet article a été traduit automatiquement") and a short line that is nothing but the
label ("Machine-translated from German.", "Traduction automatique", "Automatisch
vertaald"). A sentence about machine translation as a topic ("Machine translation has
improved, researchers say") has neither form. Each language gives its demonstratives,
nouns, auxiliaries, the past participle with what makes it machine work (an adverb or an
agent such as AI or a named engine) and the words a label line may go on with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "machine translated", "machine-translated", "KI-übersetzt".
_JOIN = r"(?:\s+|\s*[-\u2010\u2011]\s*)"
# Capitals only: "ai" is an Italian word and "ia" a Portuguese one.
_AI_SHORT = r"(?-i:AI|KI|IA|A\.I\.)"
_ENGINES = (
    r"deepl|google[\s-]+(?:translate|traduction|traductor|tradutor|traduttore|übersetzer"
    r"|vertalen)|(?:microsoft|bing|azure(?:\s+ai)?)\s+translator|amazon\s+translate"
    r"|yandex(?:\s*\.\s*|\s+)translate|systran|modernmt|papago|baidu\s+translate|chatgpt"
    r"|gpt-?\d\w*"
)
_AI_WORDS = (
    rf"{_AI_SHORT}|artificial\s+intelligence|künstliche[rn]?\s+intelligenz"
    r"|intelligence\s+artificielle|inteligencia\s+artificial|intelligenza\s+artificiale"
    r"|kunstmatige\s+intelligentie|inteligência\s+artificial|(?:large\s+)?language\s+model"
    r"|sprachmodell"
)
_MT_NOUNS = (
    r"(?:neural\s+)?(?:machine|automatic|automated)\s+translation"
    r"(?:\s+(?:tool|software|system|service|engine|model))?"
    r"|translation\s+(?:software|tool|engine|program)"
    r"|(?:maschinelle|automatische|automatisierte)[rn]?\s+übersetzung"
    r"|übersetzungs(?:software|programm|tool|dienst)"
    r"|traduction\s+automatique|(?:logiciel|outil)\s+de\s+traduction"
    r"|traducción\s+automática|traductor\s+automático|(?:software|herramienta)\s+de\s+traducción"
    r"|traduzione\s+automatica|traduttore\s+automatico|(?:software|strumento)\s+di\s+traduzione"
    r"|(?:automatische|machinale)\s+vertaling|machinevertaling"
    r"|vertaal(?:software|programma|tool|dienst)"
    r"|tradução\s+automática|tradutor\s+automático|(?:software|ferramenta)\s+de\s+tradução"
)
_AGENT = rf"(?:{_ENGINES}|{_MT_NOUNS}|{_AI_WORDS})(?!\w)"
# "the help of", "mit Hilfe von", "l'aide de", "met behulp van", "com recurso a".
_HELP = (
    r"(?:(?:the\s+)?(?:help|aid|assistance|support|use)\s+of\s+|hilfe\s+(?:von\s+)?"
    r"|unterstützung\s+(?:von\s+|durch\s+)?|l'aide\s+d(?:e\s+|')|(?:la\s+)?ayuda\s+del?\s+"
    r"|l'aiuto\s+d(?:i\s+|ell'|ella\s+|el\s+)|behulp\s+van\s+"
    r"|(?:a\s+)?(?:ajuda|recurso)\s+(?:d[aeo]s?\s+|a\s+|à\s+))"
)
_ARTICLE = (
    r"(?:(?:an?|the|eine[rnms]?|die|der|den|dem|das|une?|la|le|les|des|el|los|las|una|uno"
    r"|il|lo|gli|um|uma|o|os|as|de|het|een)\s+|l'|un'|dell'|dall')"
)
# Who or what translated: "AI", "a neural machine translation system", "DeepL".
_AGENT_PHRASE = rf"{_HELP}?{_ARTICLE}?(?:[\w-]+\s+)?{_AGENT}"
# Words between the participle and what makes it machine work ("from German").
_GAP = r"(?:\s+[^\s.!?]+){0,4}?\s+"
_NEGATION = r"not|never|nicht|nie|kein\w*|pas|jamais|no|nunca|non|mai|niet|nooit|não"
_GAP_AFTER_VERB = rf"(?:\s+(?!(?:{_NEGATION})\b)[^\s.!?]+){{0,4}}?\s+"


@dataclass(frozen=True, slots=True)
class _Language:
    subject: str  # "this article": a demonstrative and a noun for the piece
    verb: str  # "was", "has been", "wurde", "a été"
    done: str  # the machine-translated participle phrase
    noun: str  # "a machine translation", after the verb or as a label
    goes_on: str  # words a label line may continue with ("from", "by")


_LANGUAGES = (
    _Language(  # English
        subject=r"(?:this|the\s+following)\s+(?:[\w-]+\s+)?(?:article|text|story|content"
        r"|report|post|piece|version|translation|interview|transcript|summary|column)",
        verb=r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been)",
        done=rf"(?:machine|automatically|automatedly|auto|computer|{_AI_SHORT}){_JOIN}"
        rf"translated(?!\w)|translated{_GAP}(?:automatically|by\s+(?:a\s+)?machine"
        rf"|(?:by|with|using|via|through)\s+{_AGENT_PHRASE})",
        noun=rf"(?:an?\s+)?(?:machine|automatic|automated|{_AI_SHORT})"
        rf"(?:{_JOIN}(?:generated|assisted|powered))?{_JOIN}translation(?!\w)",
        goes_on=r"from|into|by|with|using|via|through|and",
    ),
    _Language(  # German
        subject=r"(?:dies(?:er|e|es)|der\s+folgende|die\s+folgende|das\s+folgende)\s+"
        r"(?:[\w-]+\s+)?(?:artikel|text|beitrag|inhalt|bericht|meldung|nachricht|interview"
        r"|kommentar|übersetzung|zusammenfassung|fassung|version)",
        verb=r"(?:wurde|wurden|ist|sind|wird|war)",
        done=rf"(?:maschinell|automatisch|automatisiert|{_AI_SHORT}{_JOIN}gestützt"
        rf"|(?:mit|mithilfe\s+(?:von\s+)?|durch|von|per)\s+{_AGENT_PHRASE})"
        rf"(?:\s+[^\s.!?]+){{0,3}}?\s+übersetzt(?!\w)|{_AI_SHORT}{_JOIN}übersetzt(?!\w)"
        rf"|übersetzt\s+(?:mit|von|durch|mithilfe)\s+{_AGENT_PHRASE}",
        noun=r"(?:eine\s+)?(?:maschinelle|automatische|automatisierte)\s+übersetzung(?!\w)",
        goes_on=r"aus|von|vom|mit|durch|ins|in|und",
    ),
    _Language(  # French
        subject=r"(?:cet|cette|ce)\s+(?:[\w-]+\s+)?(?:article|texte|contenu|récit|reportage"
        r"|billet|dépêche|entretien|interview|publication|version|traduction|résumé)",
        verb=r"(?:a\s+été|ont\s+été|avait\s+été|est|était|fut|a\s+fait\s+l'objet\s+d')",
        done=rf"traduite?s?{_GAP}(?:automatiquement|par\s+(?:une\s+)?machine"
        r"|(?:par\s+|avec\s+|grâce\s+à\s+|via\s+|au\s+moyen\s+d(?:e\s+|')"
        rf"|à\s+l'aide\s+d(?:e\s+|')|en\s+utilisant\s+){_AGENT_PHRASE})"
        r"|automatiquement\s+traduite?s?(?!\w)",
        noun=r"(?:une\s+)?traduction\s+automatique(?!\w)",
        goes_on=r"de|du|des|depuis|par|avec|à|et|en|vers|via",
    ),
    _Language(  # Spanish
        subject=r"(?:este|esta|esto)\s+(?:[\w-]+\s+)?(?:artículo|texto|contenido|noticia"
        r"|nota|reportaje|publicación|entrevista|crónica|información|versión|traducción"
        r"|resumen)",
        verb=r"(?:fue|ha\s+sido|han\s+sido|había\s+sido|es|era|se\s+ha|se)",
        done=rf"tradu(?:cid[oa]s?|jo|ce){_GAP}(?:automáticamente|automaticamente"
        r"|de\s+(?:forma|manera)\s+automática|por\s+(?:una\s+)?máquina"
        r"|(?:por\s+|con\s+|mediante\s+|a\s+través\s+de(?:l|\s+)|usando\s+|utilizando\s+"
        rf"|gracias\s+a(?:l|\s+)){_AGENT_PHRASE})|automáticamente\s+traducid[oa]s?(?!\w)",
        noun=r"(?:una\s+)?traducción\s+automática(?!\w)",
        goes_on=r"de|del|desde|por|con|mediante|y|al",
    ),
    _Language(  # Italian
        subject=r"(?:questo|questa|quest')\s*(?:[\w-]+\s+)?(?:articolo|testo|contenuto"
        r"|notizia|pezzo|servizio|intervista|pubblicazione|versione|traduzione|riassunto)",
        verb=r"(?:è\s+stat[oaie]|sono\s+stat[ie]|era\s+stat[oa]|è|era|fu|viene|venne)",
        done=rf"tradott[oaie]{_GAP}(?:automaticamente|in\s+modo\s+automatico"
        r"|da\s+una\s+macchina|(?:con\s+|da\s+|tramite\s+|mediante\s+|attraverso\s+"
        r"|usando\s+|utilizzando\s+|grazie\s+a(?:ll'|lla\s+|l\s+|\s+)|dall'|dalla\s+|dal\s+)"
        rf"{_AGENT_PHRASE})|automaticamente\s+tradott[oaie](?!\w)",
        noun=r"(?:una\s+)?traduzione\s+automatica(?!\w)",
        goes_on=r"da|dal|dall'|dallo|dalla|dai|con|tramite|e",
    ),
    _Language(  # Dutch
        subject=r"(?:dit|deze)\s+(?:[\w-]+\s+)?(?:artikel|tekst|bericht|nieuwsbericht"
        r"|verhaal|stuk|inhoud|interview|publicatie|versie|vertaling|samenvatting)",
        verb=r"(?:is|werd|wordt|zijn|werden|was)",
        done=rf"(?:automatisch|machinaal|(?:met|door|via)\s+{_AGENT_PHRASE})"
        rf"(?:\s+[^\s.!?]+){{0,3}}?\s+vertaald(?!\w)|vertaald{_GAP}(?:automatisch"
        rf"|machinaal|(?:met|door|via)\s+{_AGENT_PHRASE})|{_AI_SHORT}{_JOIN}vertaald(?!\w)",
        noun=r"(?:een\s+)?(?:(?:automatische|machinale)\s+vertaling|machinevertaling)(?!\w)",
        goes_on=r"uit|van|vanuit|met|door|en|naar|via",
    ),
    _Language(  # Portuguese
        subject=r"(?:este|esta|esse|essa|isto)\s+(?:[\w-]+\s+)?(?:artigo|texto|conteúdo"
        r"|notícia|reportagem|matéria|publicação|entrevista|versão|tradução|resumo)",
        verb=r"(?:foi|foram|é|era|tem\s+sido|havia\s+sido)",
        done=rf"traduzid[oa]s?{_GAP}(?:automaticamente|de\s+forma\s+automática"
        r"|por\s+(?:uma\s+)?máquina|(?:por\s+|pel[ao]s?\s+|com\s+|através\s+d[aeo]s?\s+"
        rf"|usando\s+|utilizando\s+|mediante\s+|via\s+|graças\s+[àa]s?\s+){_AGENT_PHRASE})"
        r"|automaticamente\s+traduzid[oa]s?(?!\w)",
        noun=r"(?:uma\s+)?tradução\s+automática(?!\w)",
        goes_on=r"d[oae]s?|por|pel[ao]|com|e",
    ),
)

# Every phrase has one of these stems; text without one is not read further (a substring
# test on the lower-cased text: several times faster than a case-blind regex).
_STEMS = ("translat", "übersetz", "tradu", "tradot", "vertaal", "vertal")
_SENTENCE = re.compile(
    "|".join(
        rf"(?<!\w){lang.subject}(?!\w)(?:\s+[^\s.!?]+){{0,6}}?\s+{lang.verb}"
        rf"(?:{_GAP_AFTER_VERB}(?:{lang.done})|\s*(?:{lang.noun}))"
        for lang in _LANGUAGES
    ),
    re.I,
)
# A label may follow a short lead-in ("Note:", "Hinweis:") and brackets or asterisks.
_LABEL = re.compile(
    r"^[\W_]*(?:[^\W\d_][\w' -]{0,24}:\s*)?(?:"
    + "|".join(
        rf"(?:{lang.done}|{lang.noun})(?=\s*(?:$|[.;,()\[\]*\u2013\u2014-]|:\s*{_AGENT_PHRASE})"
        rf"|\s+(?:{lang.goes_on})(?!\w))"
        for lang in _LANGUAGES
    )
    + ")",
    re.I,
)
_MAX_LABEL_CHARS = 140
_MACHINE_NAME = re.compile(rf"(?<!\w){_AGENT}", re.I)


def says_machine_translated(text: str) -> bool:
    """Whether a paragraph states that the piece it belongs to was machine-translated."""
    lowered = text.lower()
    if not any(stem in lowered for stem in _STEMS):
        return False
    text = text.replace("\u2019", "'")
    if _SENTENCE.search(text):
        return True
    return any(
        len(line) <= _MAX_LABEL_CHARS and _LABEL.match(line.strip()) for line in text.splitlines()
    )


def names_machine_translation(name: str) -> bool:
    """Whether a translator's name is a machine: an engine, AI, or machine translation."""
    return bool(_MACHINE_NAME.search(name.replace("\u2019", "'")))
