"""A retraining and its window, a model card, a root cause, or how a command is used, said in Spanish, Portuguese,
French, German or Italian, read as the English the rest of the reader knows.

Teams write to the bot in their own language now and then ("entrena cancer con los datos del último mes",
"réentraîne wine sur les 30 derniers jours", "trainiere diabetes mit den Daten der letzten 2 Wochen"). Only the words
that carry the request are put in English: the verb that asks for a training, the span of data it is trained on, a
model's card ("Modellkarte"), the "why" of a root cause, and the "how do I use" of a question about a command.
The rest (articles, "con los datos", "por favor") is left as it is: the reader skips words it does not know.
"""

from __future__ import annotations

import re

# Asking for a training: "entrena", "reentrenar", "treina", "réentraîne", "trainiere", "riaddestra" (any person, or
# the infinitive; the noun too: "un reentrenamiento de wine")
_TRAIN = re.compile(r"\b(?:re-?)?entren(?:a|ar|e|en|es|ad|ando|amiento)\b|\b(?:re-?)?trein(?:a|ar|e|em|ando|amento)\b"
                    r"|\b(?:r[ée]-?)?entra[îi]n(?:e|er|ez|es|ement)\b|\b(?:neu\s+|nach)?trainier(?:e|en|t)\b"
                    r"|\b(?:ri)?addestr(?:a|are|ate|iamo)\b")
_UNITS = {"day": r"d[ií]as?|jours?|tag(?:e|en|es)?|giorn[oi]", "week": r"semanas?|semaines?|woche[n]?|settiman[ae]",
          "month": r"mes(?:es)?|mês|mois|monat(?:e|en|s)?|mes[ei]", "year": r"años?|anos?|années?|jahr(?:e|en|es)?|ann[oi]"}
_UNIT_WORDS = "|".join(_UNITS.values())
_UNIT = f"(?P<unit>{_UNIT_WORDS})"
_LAST = r"(?:[uú]ltim[oa]s?|derni(?:er|ère)s?|letzte[nrs]?|ultim[oaie])"
_ARTICLE = r"(?:(?:d?el|los|las|l[oa]|os|as|d?o|d?a|les|du|de\s+la|des|le|die|der|den|dem|gli|il|i|dell[ao']?|degli)\s+)?"
# "los últimos 30 días", "les 2 dernières semaines", "der letzten 2 Wochen", "gli ultimi 10 giorni": the last N units
_LAST_COUNT = re.compile(rf"\b{_ARTICLE}(?:{_LAST}\s+(?P<count>\d+)|(?P<before>\d+)\s+{_LAST})\s+{_UNIT}(?!\w)")
# "del último mes", "le mois dernier", "el mes pasado", "o mês passado", "des letzten Monats": the last one
_LAST_ONE = re.compile(rf"\b{_ARTICLE}(?:{_LAST}\s+{_UNIT}|(?P<after>{_UNIT_WORDS})\s+(?:pasad[oa]|passad[oa]|dernier"
                       r"|dernière|scors[oa]))(?!\w)")

# How a command is used, asked: "como uso o monitor?", "¿cómo funciona el rollback?", "comment utiliser tune ?",
# "wie benutze ich drift?", "come si usa abtest?" (the help for it)
_HOW_TO = re.compile(r"\bc[oó]mo\s+(?:(?:se\s+)?us[oa]r?|(?:se\s+)?utiliz[oa]r?|funciona)\b|\bcomment\s+(?:on\s+)?"
                     r"(?:utilis\w*|fonctionne)\b|\bcomment\s+j'utilise\b|\bwie\s+(?:(?:benutze|nutze|verwende)\s+ich"
                     r"|funktioniert)\b|\bcome\s+(?:si\s+usa|uso|usare|funziona)\b")

# A model's card: "Modellkarte", "Modell-Steckbrief", "ficha del modelo", "fiche (du) modèle", "carte du modèle",
# "scheda del modello", "cartão do modelo" (the card read, as "model card")
_CARD = re.compile(r"\bmodell[-\s]?(?:karte|steckbrief|datenblatt)n?\b|\b(?:ficha|tarjeta|fiche|carte|scheda|cart[ãa]o)\s+"
                   r"(?:d[eo]l?\s+|du\s+|do\s+|de\s+la\s+|dell?[o']\s*)?(?:modelo|mod[èe]le|modello)\b")

# A cause asked: "warum driftet wine?", "wieso ist cancer schlechter?", "pourquoi wine dérive ?", "¿por qué cae
# diabetes?", "por que o wine piorou?" (why). Not "porque" / "parce que" (because), nor Italian "perché", which is both.
_WHY = re.compile(r"\b(?:warum|wieso|weshalb|pourquoi)\b|(?<![\w])¿?por\s+qu[ée](?!\w)")


def in_english(text: str) -> str:
    """`text` (lower case) with a training asked for, the span of data it is on, a why and a how-to, said in English."""
    text = _WHY.sub("why", _HOW_TO.sub("how do i use", _CARD.sub("model card", text)))
    text = _LAST_COUNT.sub(lambda m: f" the last {m.group('count') or m.group('before')} {_unit(m)}s ", text)
    text = _LAST_ONE.sub(lambda m: f" the last {_unit(m)} ", text)
    return _TRAIN.sub("retrain", text)


def _unit(m: re.Match[str]) -> str:
    said = m.group("unit") or m.group("after")
    return next(unit for unit, words in _UNITS.items() if re.fullmatch(words, said))
