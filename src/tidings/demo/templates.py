# ruff: noqa: E501
# (HTML templates keep one element per line; wrapping them would change the markup.)
"""Jinja2 templates of the demo sites: one article template per outlet, shared head and lists.

Every outlet marks up the same things differently (bylines, figures, credits, sidebars), as
real publishers do, so that extraction is exercised against more than one layout.
"""

from __future__ import annotations

HEAD = """<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page_title }}</title>
<link rel="canonical" href="{{ canonical }}">
<meta name="description" content="{{ a.description }}">
<meta name="author" content="{{ author_line }}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{{ outlet.name }}">
<meta property="og:locale" content="{{ locale }}">
<meta property="og:title" content="{{ a.title }}">
<meta property="og:description" content="{{ a.description }}">
<meta property="og:url" content="{{ canonical }}">
<meta property="og:image" content="{{ lead.abs }}">
<meta property="og:image:width" content="{{ lead.width }}">
<meta property="og:image:height" content="{{ lead.height }}">
<meta property="og:image:alt" content="{{ lead.alt }}">
<meta property="article:published_time" content="{{ published_iso }}">
<meta property="article:modified_time" content="{{ modified_iso }}">
<meta property="article:section" content="{{ section }}">
{% for k in a.keywords %}
<meta property="article:tag" content="{{ k }}">
{% endfor %}
<meta name="twitter:card" content="summary_large_image">
<link rel="alternate" type="{{ feed_type }}" title="{{ outlet.name }}" href="{{ feed_url }}">
<link rel="icon" type="image/svg+xml" href="{{ favicon }}">
<style>:root { --brand: {{ outlet.brand_colour }}; }</style>
{% if jsonld %}
<script type="application/ld+json">
{{ jsonld | safe }}
</script>
{% endif %}
"""

HARBOUR_HERALD = """<!DOCTYPE html>
<html lang="{{ a.language }}">
<head>
{% include "_head.html" %}
</head>
<body class="hh article-page">
{% macro figure(img, cls) %}
<figure class="{{ cls }}"><img src="{{ img.src }}" width="{{ img.width }}" height="{{ img.height }}" alt="{{ img.alt }}" loading="lazy"><figcaption>{{ img.caption }} <span class="credit">{{ img.credit }}</span></figcaption></figure>
{% endmacro %}
<div class="cookie-banner" role="region" aria-label="Cookie notice"><p>We use cookies to keep the Herald running and to understand what you read. <a href="/private/cookies">Manage settings</a></p><button type="button">Accept all</button></div>
<header class="masthead">
<a class="masthead__logo" href="{{ home }}">{{ outlet.name }}</a>
<p class="masthead__tagline">{{ outlet.tagline }}</p>
<nav class="primary-nav"><ul>{% for label, href in nav %}<li><a href="{{ href }}">{{ label }}</a></li>{% endfor %}</ul></nav>
</header>
<main class="layout">
<article class="story">
<p class="story__section"><a href="{{ home }}">{{ section }}</a></p>
<h1 class="headline">{{ a.title }}</h1>
<p class="standfirst">{{ a.description }}</p>
<div class="byline">By {% for name in a.authors %}<span class="byline__author">{{ name }}</span>{% if not loop.last %} and {% endif %}{% endfor %} · <time datetime="{{ published_iso }}">{{ published_display }}</time>{% if modified_display %} · <span class="updated">Updated <time datetime="{{ modified_iso }}">{{ modified_display }}</time></span>{% endif %}</div>
{{ figure(lead, "lead-image") }}
<div class="story-body">
{% for b in body %}
{% if b.kind == "p" %}<p>{{ b.text }}</p>
{% elif b.kind == "h2" %}<h2>{{ b.text }}</h2>
{% elif b.kind == "quote" %}<blockquote class="pullquote"><p>{{ b.text }}</p>{% if b.cite %}<cite>{{ b.cite }}</cite>{% endif %}</blockquote>
{% elif b.kind == "ul" %}<ul>{% for item in b.points %}<li>{{ item }}</li>{% endfor %}</ul>
{% else %}{{ figure(b.img, "inline-image") }}
{% endif %}
{% endfor %}
</div>
<ul class="share" aria-label="Share this story"><li><a href="mailto:?subject={{ a.title | urlencode }}&amp;body={{ canonical | urlencode }}">Email</a></li><li><a href="/private/share?url={{ canonical | urlencode }}">Share</a></li><li><button type="button" data-copy="{{ canonical }}">Copy link</button></li></ul>
{% if related %}
<aside class="related"><h2>Related coverage</h2><ul>{% for r in related %}<li><a href="{{ r.href }}">{{ r.title }}</a></li>{% endfor %}</ul></aside>
{% endif %}
</article>
<aside class="sidebar">
<section class="most-read"><h2>Most read</h2><ol>{% for r in most_read %}<li><a href="{{ r.href }}">{{ r.title }}</a></li>{% endfor %}</ol></section>
<form class="newsletter" action="/private/newsletter" method="post"><h2>The Morning Tide</h2><p>Brackenport's news in your inbox by 7am, every weekday.</p><label>Email <input type="email" name="email"></label><button type="submit">Sign up</button></form>
</aside>
</main>
<footer class="site-footer"><p>© {{ year }} {{ outlet.name }}, Customs Quay, Brackenport. All rights reserved.</p><ul><li><a href="/private/contact">Contact us</a></li><li><a href="/private/privacy">Privacy</a></li><li><a href="{{ feed_url }}">RSS</a></li></ul></footer>
</body>
</html>
"""

QUARTERLINE = """<!DOCTYPE html>
<html lang="{{ a.language }}">
<head>
{% include "_head.html" %}
</head>
<body>
{% macro figure(img) %}
<figure class="media"><img src="{{ img.src }}" width="{{ img.width }}" height="{{ img.height }}" alt="{{ img.alt }}"><figcaption><p class="caption">{{ img.caption }}</p><p class="copyright">© {{ img.credit }}</p></figcaption></figure>
{% endmacro %}
<div id="consent" role="dialog" aria-modal="false"><p>Quarterline uses cookies for analytics and subscriptions.</p><button type="button">OK</button><button type="button">Reject non-essential</button></div>
<div class="site-wrap">
<nav class="topbar"><a class="brand" href="{{ home }}">Quarterline</a>{% for label, href in nav %}<a class="topbar__link" href="{{ href }}">{{ label }}</a>{% endfor %}<a class="topbar__cta" href="/private/subscribe">Subscribe</a></nav>
<article class="ql-article">
<header class="ql-article__header">
<a class="ql-kicker" href="{{ home }}">{{ section }}</a>
<h1 class="ql-article__title">{{ a.title }}</h1>
<p class="ql-dek">{{ a.description }}</p>
<div class="ql-meta"><span class="ql-author">{{ author_line }}</span> <time class="ql-date" datetime="{{ published_iso }}">{{ published_display }}</time></div>
<div class="ql-share"><button type="button">Share</button><button type="button">Save</button><a href="mailto:?body={{ canonical | urlencode }}">Email</a></div>
</header>
{{ figure(lead) }}
<div class="ql-article__body">
{% for b in body %}
{% if b.kind == "p" %}<p class="ql-p">{{ b.text }}</p>
{% elif b.kind == "h2" %}<h2 class="ql-subhead">{{ b.text }}</h2>
{% elif b.kind == "quote" %}<blockquote><p>{{ b.text }}</p>{% if b.cite %}<footer>— {{ b.cite }}</footer>{% endif %}</blockquote>
{% elif b.kind == "ul" %}<ul class="ql-list">{% for item in b.points %}<li>{{ item }}</li>{% endfor %}</ul>
{% else %}{{ figure(b.img) }}
{% endif %}
{% if loop.index == 2 %}<aside class="newsletter-box"><strong>The Quarterline Briefing</strong> — markets and tech in five minutes, every morning. <a href="/private/newsletter">Sign up free</a></aside>
{% endif %}
{% endfor %}
</div>
<footer class="ql-article__footer"><ul class="ql-tags">{% for k in a.keywords %}<li>{{ k }}</li>{% endfor %}</ul>{% if modified_display %}<p class="ql-updated">Updated <time datetime="{{ modified_iso }}">{{ modified_display }}</time></p>{% endif %}</footer>
</article>
<section class="ql-rail"><h3>More from Quarterline</h3>{% for r in related %}<a class="ql-rail__item" href="{{ r.href }}">{{ r.title }}</a>{% endfor %}</section>
<section class="ql-popular"><h3>Popular now</h3><ol>{% for r in most_read %}<li><a href="{{ r.href }}">{{ r.title }}</a></li>{% endfor %}</ol></section>
</div>
<footer class="ql-footer">Quarterline Media Ltd · <a href="/private/terms">Terms</a> · <a href="{{ feed_url }}">Atom feed</a></footer>
</body>
</html>
"""

WESTMARCH_NEWS = """<!DOCTYPE html>
<html lang="{{ a.language }}" class="wn">
<head>
{% include "_head.html" %}
</head>
<body>
{% macro figure(img) %}
<div class="media-with-caption"><div class="media-placeholder"><img src="{{ img.src }}" width="{{ img.width }}" height="{{ img.height }}" alt="{{ img.alt }}"><span class="image-copyright">{{ img.credit }}</span></div><div class="caption-text">{{ img.caption }}</div></div>
{% endmacro %}
<div class="cookie-prompt"><h2>Let us know you agree to cookies</h2><p>We use cookies to give you the best online experience.</p><a href="/private/cookies">Yes, I agree</a> <a href="/private/cookies/settings">No, take me to settings</a></div>
<div class="orb-banner"><a class="orb-logo" href="{{ home }}">Westmarch News</a><ul class="orb-nav">{% for label, href in nav %}<li><a href="{{ href }}">{{ label }}</a></li>{% endfor %}</ul></div>
<div id="main-content" role="main">
<div class="story-header">
<h1 id="main-heading" tabindex="-1">{{ a.title }}</h1>
<div class="byline-block"><div class="byline-name">By {{ author_line }}</div><div class="byline-role">Westmarch News</div></div>
<div class="date-line"><time datetime="{{ published_iso }}">{{ published_display }}</time></div>
<div class="share-tools"><a href="/private/share?url={{ canonical | urlencode }}">Share</a></div>
</div>
<div class="story-body">
{{ figure(lead) }}
<div class="story-body__introduction"><b>{{ a.description }}</b></div>
{% for b in body %}
{% if b.kind == "p" %}<div class="text-block"><p>{{ b.text }}</p></div>
{% elif b.kind == "h2" %}<div class="subheading"><h2>{{ b.text }}</h2></div>
{% elif b.kind == "quote" %}<div class="quote-block"><q>{{ b.text }}</q>{% if b.cite %}<span class="quote-source">{{ b.cite }}</span>{% endif %}</div>
{% elif b.kind == "ul" %}<div class="text-block"><ul>{% for item in b.points %}<li>{{ item }}</li>{% endfor %}</ul></div>
{% else %}{{ figure(b.img) }}
{% endif %}
{% endfor %}
</div>
<div class="topic-list"><h2>Related topics</h2><ul>{% for k in a.keywords %}<li>{{ k }}</li>{% endfor %}</ul></div>
{% if related %}
<div class="related-stories"><h2>Related stories</h2><ul>{% for r in related %}<li><a href="{{ r.href }}">{{ r.title }}</a> <span>{{ r.date }}</span></li>{% endfor %}</ul></div>
{% endif %}
<div class="top-stories"><h2>Top stories</h2>{% for r in most_read %}<a class="top-stories__item" href="{{ r.href }}">{{ r.title }}</a>{% endfor %}</div>
</div>
<div class="footer"><p>Westmarch News is a public service broadcaster. Copyright © {{ year }}. We are not responsible for the content of external sites.</p></div>
</body>
</html>
"""

LINDHAVENER_ANZEIGER = """<!DOCTYPE html>
<html lang="{{ a.language }}">
<head>
{% include "_head.html" %}
</head>
<body class="seite artikelseite">
{% macro figure(img) %}
<div class="image-block"><img src="{{ img.src }}" width="{{ img.width }}" height="{{ img.height }}" alt="{{ img.alt }}"><p class="img-caption">{{ img.caption }}</p><small>{{ img.credit }}</small></div>
{% endmacro %}
<div class="cmp-hinweis"><p>Wir verwenden Cookies und ähnliche Technologien, um unsere Angebote zu verbessern.</p><button type="button">Alle akzeptieren</button> <a href="/private/datenschutz">Einstellungen</a></div>
<header class="kopf"><a class="kopf__logo" href="{{ home }}">Lindhavener Anzeiger</a><p class="kopf__claim">{{ outlet.tagline }}</p>
<nav class="ressorts">{% for label, href in nav %}<a href="{{ href }}">{{ label }}</a>{% endfor %}</nav></header>
<div class="inhalt">
<div class="artikel">
<p class="artikel-ressort">{{ section }}</p>
<h1 class="artikel-titel">{{ a.title }}</h1>
<p class="artikel-vorspann">{{ a.description }}</p>
<p class="autor">Von {{ author_line }}</p>
<p class="datum">{{ published_display }}{% if modified_display %} (aktualisiert: {{ modified_display }}){% endif %}</p>
{{ figure(lead) }}
<div class="artikel-text">
{% for b in body %}
{% if b.kind == "p" %}<p>{{ b.text }}</p>
{% elif b.kind == "h2" %}<h3 class="zwischentitel">{{ b.text }}</h3>
{% elif b.kind == "quote" %}<blockquote class="zitat">„{{ b.text }}“{% if b.cite %}<br><span class="zitat-quelle">{{ b.cite }}</span>{% endif %}</blockquote>
{% elif b.kind == "ul" %}<ul class="aufzaehlung">{% for item in b.points %}<li>{{ item }}</li>{% endfor %}</ul>
{% else %}{{ figure(b.img) }}
{% endif %}
{% endfor %}
</div>
<div class="teilen">Teilen: <a href="mailto:?body={{ canonical | urlencode }}">E-Mail</a> · <a href="/private/teilen?url={{ canonical | urlencode }}">Messenger</a></div>
<div class="schlagworte">Schlagworte: {{ a.keywords | join(", ") }}</div>
{% if related %}<div class="mehr-zum-thema"><h4>Mehr zum Thema</h4>{% for r in related %}<p><a href="{{ r.href }}">{{ r.title }}</a></p>{% endfor %}</div>{% endif %}
</div>
<div class="randspalte"><div class="meistgelesen"><h4>Meistgelesen</h4><ol>{% for r in most_read %}<li><a href="{{ r.href }}">{{ r.title }}</a></li>{% endfor %}</ol></div>
<div class="newsletter-kasten"><h4>Der Anzeiger am Morgen</h4><p>Die wichtigsten Nachrichten aus Lindhaven, jeden Morgen um 6 Uhr.</p><a href="/private/newsletter">Jetzt abonnieren</a></div></div>
</div>
<footer class="fuss"><p>© {{ year }} Lindhavener Anzeiger GmbH & Co. KG · <a href="/private/impressum">Impressum</a> · <a href="/private/datenschutz">Datenschutz</a> · <a href="{{ feed_url }}">RSS</a></p></footer>
</body>
</html>
"""

COURRIER_DES_RIVES = """<!DOCTYPE html>
<html lang="{{ a.language }}">
<head>
{% include "_head.html" %}
</head>
<body class="cdr">
{% macro figure(img, cls) %}
<figure class="illustration {{ cls }}"><img src="{{ img.src }}" width="{{ img.width }}" height="{{ img.height }}" alt="{{ img.alt }}"><figcaption class="legende">{{ img.caption }} <em class="credit">{{ img.credit }}</em></figcaption></figure>
{% endmacro %}
<div class="bandeau-cookies">En poursuivant votre navigation, vous acceptez l'utilisation de cookies. <a href="/private/cookies">En savoir plus</a> <button type="button">J'accepte</button></div>
<header class="entete"><a class="entete__titre" href="{{ home }}">Le Courrier des Rives</a><ul class="rubriques">{% for label, href in nav %}<li><a href="{{ href }}">{{ label }}</a></li>{% endfor %}</ul></header>
<main>
<article class="article">
<a class="article__rubrique" href="{{ home }}">{{ section }}</a>
<h1 class="article__titre">{{ a.title }}</h1>
<p class="article__chapo">{{ a.description }}</p>
<div class="signature">Par <span class="auteur">{{ author_line }}</span> · <time datetime="{{ published_iso }}">Publié le {{ published_display }}</time>{% if modified_display %} · <time datetime="{{ modified_iso }}">Mis à jour le {{ modified_display }}</time>{% endif %}</div>
{{ figure(lead, "illustration--une") }}
<div class="article__corps">
{% for b in body %}
{% if b.kind == "p" %}<p class="article__paragraphe">{{ b.text }}</p>
{% elif b.kind == "h2" %}<h2 class="article__intertitre">{{ b.text }}</h2>
{% elif b.kind == "quote" %}<blockquote class="citation"><p>« {{ b.text }} »</p>{% if b.cite %}<p class="citation__auteur">{{ b.cite }}</p>{% endif %}</blockquote>
{% elif b.kind == "ul" %}<ul>{% for item in b.points %}<li>{{ item }}</li>{% endfor %}</ul>
{% else %}{{ figure(b.img, "") }}
{% endif %}
{% endfor %}
</div>
<div class="partage"><span>Partager :</span> <a href="mailto:?body={{ canonical | urlencode }}">Courriel</a> <a href="/private/partage?url={{ canonical | urlencode }}">Réseaux sociaux</a></div>
{% if related %}<section class="a-lire-aussi"><h2>À lire aussi</h2><ul>{% for r in related %}<li><a href="{{ r.href }}">{{ r.title }}</a></li>{% endfor %}</ul></section>{% endif %}
</article>
<aside class="colonne"><section class="les-plus-lus"><h2>Les plus lus</h2><ol>{% for r in most_read %}<li><a href="{{ r.href }}">{{ r.title }}</a></li>{% endfor %}</ol></section>
<section class="lettre"><h2>Recevez notre lettre</h2><p>L'essentiel de l'actualité des Rives, chaque soir.</p><a href="/private/lettre">Je m'inscris</a></section></aside>
</main>
<footer class="pied">© {{ year }} Le Courrier des Rives · <a href="/private/mentions-legales">Mentions légales</a> · <a href="{{ feed_url }}">Flux Atom</a></footer>
</body>
</html>
"""

FARO_DE_PUERTALBA = """<!DOCTYPE html>
<html lang="{{ a.language }}">
<head>
{% include "_head.html" %}
</head>
<body class="single single-post faro">
{% macro figure(img, cls) %}
<figure class="foto {{ cls }}"><img src="{{ img.src }}" width="{{ img.width }}" height="{{ img.height }}" alt="{{ img.alt }}" decoding="async"><figcaption><span class="foto__pie">{{ img.caption }}</span> <span class="foto__autor">{{ img.credit }}</span></figcaption></figure>
{% endmacro %}
<div id="aviso-cookies" class="aviso-cookies"><p>Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle publicidad relacionada con sus preferencias.</p><button type="button">Aceptar</button> <a href="/private/cookies">Configurar</a></div>
<header class="cabecera"><a class="cabecera__logo" href="{{ home }}">El Faro de Puertalba</a><p class="cabecera__lema">{{ outlet.tagline }}</p>
<nav class="menu-secciones"><ul>{% for label, href in nav %}<li><a href="{{ href }}">{{ label }}</a></li>{% endfor %}</ul></nav></header>
<main class="contenedor">
<article class="noticia">
<header class="noticia__cabecera">
<a class="noticia__antetitulo" href="{{ home }}">{{ section }}</a>
<h1 class="noticia__titular">{{ a.title }}</h1>
<p class="noticia__entradilla">{{ a.description }}</p>
<div class="noticia__firma">{% for name in a.authors %}<a class="autor" rel="author" href="/private/autores">{{ name }}</a>{% if not loop.last %} y {% endif %}{% endfor %} · <time datetime="{{ published_iso }}">{{ published_display }}</time>{% if modified_display %} · <span class="actualizado">Actualizado: <time datetime="{{ modified_iso }}">{{ modified_display }}</time></span>{% endif %}</div>
</header>
{{ figure(lead, "foto--principal") }}
<div class="noticia__cuerpo">
{% for b in body %}
{% if b.kind == "p" %}<p>{{ b.text }}</p>
{% elif b.kind == "h2" %}<h2 class="ladillo">{{ b.text }}</h2>
{% elif b.kind == "quote" %}<blockquote class="destacado"><p>«{{ b.text }}»</p>{% if b.cite %}<p class="destacado__autor">{{ b.cite }}</p>{% endif %}</blockquote>
{% elif b.kind == "ul" %}<ul class="claves">{% for item in b.points %}<li>{{ item }}</li>{% endfor %}</ul>
{% else %}{{ figure(b.img, "foto--cuerpo") }}
{% endif %}
{% if loop.index == 2 %}<div class="publicidad" aria-hidden="true"><span>Publicidad</span></div>
{% endif %}
{% endfor %}
</div>
<div class="noticia__temas">Temas: {% for k in a.keywords %}<a href="/private/temas">{{ k }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</div>
<div class="compartir">Compartir: <a href="/private/compartir?url={{ canonical | urlencode }}">WhatsApp</a> · <a href="mailto:?body={{ canonical | urlencode }}">Correo</a></div>
{% if related %}<section class="relacionadas"><h3>Te puede interesar</h3><ul>{% for r in related %}<li><a href="{{ r.href }}">{{ r.title }}</a></li>{% endfor %}</ul></section>{% endif %}
</article>
<aside class="lateral"><section class="mas-leidas"><h3>Lo más leído</h3><ol>{% for r in most_read %}<li><a href="{{ r.href }}">{{ r.title }}</a></li>{% endfor %}</ol></section>
<section class="boletin"><h3>El Faro en tu correo</h3><p>Las noticias de Puertalba y su comarca, cada mañana a las siete.</p><a href="/private/boletin">Suscríbete gratis</a></section></aside>
</main>
<footer class="pie">© {{ year }} Editorial Faro de Puertalba · <a href="/private/aviso-legal">Aviso legal</a> · <a href="/private/privacidad">Política de privacidad</a> · <a href="{{ feed_url }}">JSON Feed</a></footer>
</body>
</html>
"""

HOME = """<!DOCTYPE html>
<html lang="{{ outlet.language }}">
<head>
<meta charset="utf-8">
<title>{{ outlet.name }} – {{ outlet.tagline }}</title>
<meta name="description" content="{{ outlet.tagline }}">
<link rel="canonical" href="{{ canonical }}">
<meta property="og:site_name" content="{{ outlet.name }}">
<meta property="og:type" content="website">
<link rel="alternate" type="{{ feed_type }}" title="{{ outlet.name }}" href="{{ feed_url }}">
<link rel="icon" type="image/svg+xml" href="{{ favicon }}">
<style>:root { --brand: {{ outlet.brand_colour }}; }</style>
</head>
<body class="home home--{{ outlet.slug }}">
<header><h1><a href="{{ home }}">{{ outlet.name }}</a></h1><p>{{ outlet.tagline }}</p></header>
<main>
<h2>{{ strings.latest }}</h2>
{% if not items %}<p>{{ strings.empty }}</p>{% endif %}
<ul class="teasers">
{% for item in items %}
<li class="teaser"><a href="{{ item.href }}"><img src="{{ item.image }}" width="400" height="225" alt=""><h3>{{ item.title }}</h3></a><p>{{ item.description }}</p><p class="teaser__meta">{{ item.section }} · <time datetime="{{ item.iso }}">{{ item.date }}</time></p></li>
{% endfor %}
</ul>
</main>
<footer><a href="{{ feed_url }}">{{ strings.feed }}</a> · <a href="/">{{ strings.all_outlets }}</a></footer>
</body>
</html>
"""

INDEX = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Tidings demo publishers</title></head>
<body>
<h1>Tidings demo publishers</h1>
<p>Fictional news outlets served locally for the Tidings offline demo. All articles are invented.</p>
<table>
<thead><tr><th>Outlet</th><th>Language</th><th>Feed</th></tr></thead>
<tbody>
{% for row in rows %}
<tr><td><a href="{{ row.home }}">{{ row.name }}</a></td><td>{{ row.language }}</td><td><a href="{{ row.feed }}">{{ row.feed }}</a> ({{ row.format }})</td></tr>
{% endfor %}
</tbody>
</table>
</body>
</html>
"""

NOT_FOUND = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Page not found</title><meta name="robots" content="noindex"></head>
<body><h1>Page not found</h1><p>There is nothing at {{ path }}.</p><p><a href="/">All demo outlets</a></p></body>
</html>
"""

TEMPLATES: dict[str, str] = {
    "_head.html": HEAD,
    "harbour-herald.html": HARBOUR_HERALD,
    "quarterline.html": QUARTERLINE,
    "westmarch-news.html": WESTMARCH_NEWS,
    "lindhavener-anzeiger.html": LINDHAVENER_ANZEIGER,
    "courrier-des-rives.html": COURRIER_DES_RIVES,
    "faro-de-puertalba.html": FARO_DE_PUERTALBA,
    "home.html": HOME,
    "index.html": INDEX,
    "404.html": NOT_FOUND,
}
