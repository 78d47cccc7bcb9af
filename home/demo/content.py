"""The demo content: the community's own text (from its current website)
and, where facts are unknown, clearly marked placeholders for editors to
replace. German is the source; ``ru.json`` holds the Russian translation of
every string, keyed by the German text, the way a translation memory does.

Event dates are relative to the day the content is loaded, so the calendar
always has upcoming events.
"""

PLACEHOLDER = "[Platzhalter]"

SETTINGS = {
    "organisation_name": "Jüdische Gemeinde Duisburg-Mülheim/Ruhr-Oberhausen K.d.ö.R.",
    "street": f"Musterstraße 1 {PLACEHOLDER}",
    "postcode": "46045",
    "city": "Oberhausen",
    "phone": "",
    "email": "kontakt@example.org",
}

FUNDING_ACKNOWLEDGEMENT = (
    "<p>Die Integrationsagenturen arbeiten unter dem Dach der Verbände der Freien "
    "Wohlfahrtspflege und werden gefördert vom Ministerium für Arbeit, Integration und "
    "Soziales des Landes Nordrhein-Westfalen.</p>"
)

LOCATIONS = {
    "oberhausen": {
        "name": "Integrationsagentur Oberhausen",
        "street": f"Musterstraße 1 {PLACEHOLDER}",
        "postcode": "46045",
        "city": "Oberhausen",
        "accessibility_notes": f"Angaben zur Barrierefreiheit folgen. {PLACEHOLDER}",
    },
    "muelheim": {
        "name": "Integrationsagentur Mülheim an der Ruhr",
        "street": f"Beispielweg 2 {PLACEHOLDER}",
        "postcode": "45468",
        "city": "Mülheim an der Ruhr",
        "accessibility_notes": f"Angaben zur Barrierefreiheit folgen. {PLACEHOLDER}",
    },
    "gemeindezentrum": {
        "name": "Gemeindezentrum",
        "street": f"Gemeindeplatz 3 {PLACEHOLDER}",
        "postcode": "45468",
        "city": "Mülheim an der Ruhr",
        "accessibility_notes": f"Angaben zur Barrierefreiheit folgen. {PLACEHOLDER}",
    },
}

CONTACT_PEOPLE = {
    "oberhausen": {
        "name": f"Name der Ansprechperson {PLACEHOLDER}",
        "role": "Leitung der Integrationsagentur Oberhausen",
        "email": "oberhausen@example.org",
    },
    "muelheim": {
        "name": f"Name der Ansprechperson {PLACEHOLDER}",
        "role": "Leitung der Integrationsagentur Mülheim an der Ruhr",
        "email": "muelheim@example.org",
    },
}

# The community's own text, paragraph by paragraph.
INTEGRATION_PARAGRAPHS = [
    "Integration, ein fortwährender Entwicklungsprozess, strebt das Ziel an, sämtliche "
    "Menschen, die auf dauerhafte Weise in Deutschland leben, harmonisch in das soziale "
    "Gefüge einzubinden. Ein umfassendes und gleichberechtigtes Engagement in sämtlichen "
    "gesellschaftlichen Sphären soll Zuwanderern ermöglicht werden.",
    "Vor drei Jahrzehnten begann dieser Prozess innerhalb der Jüdischen Gemeinde "
    "Duisburg-Mülheim/Ruhr-Oberhausen K.d.ö.R., ausgelöst durch die Ankunft russischsprachiger "
    "Juden aus der ehemaligen Sowjetunion. Über all diese Jahre hinweg wurden wertvolle "
    "Erfahrungen gesammelt und Erwartungen reflektiert. Diese dienen als Leitfaden für die "
    "Gestaltung zukünftiger Integrationsprozesse.",
    "Die Initiation erfolgte im Januar 2013 mit der Gründung der ersten Integrationsagentur in "
    "Oberhausen. Nach sechs erfolgreichen Jahren wurde eine zweite Agentur in Mülheim an der "
    "Ruhr etabliert. Beide Einrichtungen sind unter der Trägerschaft der Verbände der Freien "
    "Wohlfahrtspflege tätig und werden vom Ministerium für Arbeit, Integration und Soziales des "
    "Landes Nordrhein-Westfalen unterstützt.",
    "Die Integrationsagentur gestaltet und realisiert vielfältige Projekte, die die Integration "
    "von Zuwanderern auf vielfältige Weise vorantreiben. Sie inspiriert Menschen dazu, sich "
    "ehrenamtlich für die Gesellschaft zu engagieren, und unterstützt Personen mit "
    "Migrationshintergrund dabei, ihre Integrationsreise erfolgreich zu gestalten. "
    "Hauptaugenmerk liegt darauf, Fremdenfeindlichkeit zwischen den verschiedenen "
    "Nationalitäten zu verhindern und das Verständnis zwischen den vielfältigen Kulturen zu "
    "stärken.",
]


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


HOME = {
    "slug": "startseite",
    "title": "Integrationsagenturen",
    "introduction": (
        "Die Integrationsagenturen der Jüdischen Gemeinde Duisburg-Mülheim/Ruhr-Oberhausen in "
        "Oberhausen und Mülheim an der Ruhr: Beratung, Begegnung und Engagement für ein gutes "
        "Zusammenleben."
    ),
    "body": [
        *(paragraph(p) for p in INTEGRATION_PARAGRAPHS[:2]),
        {
            "type": "call_to_action",
            "value": {
                "title": "Integrationsagenturen in Nordrhein-Westfalen",
                "text": "Weitere Informationen finden Sie auf der Internetseite der "
                "Integrationsagenturen in NRW.",
                "page": None,
                "external_url": "https://integrationsagenturen-nrw.de/",
                "link_label": "Zur Internetseite der Integrationsagenturen NRW",
            },
        },
    ],
}

AGENCIES = [
    {
        "key": "oberhausen",
        "slug": "oberhausen",
        "title": "Integrationsagentur Oberhausen",
        "city": "Oberhausen",
        "founded": "2013-01-01",
        "introduction": (
            "Unsere erste Integrationsagentur wurde im Januar 2013 in Oberhausen gegründet."
        ),
        "opening_hours": f"Dienstag 10–13 Uhr {PLACEHOLDER}\nDonnerstag 14–17 Uhr {PLACEHOLDER}",
        "funding_note": (
            "Gefördert vom Ministerium für Arbeit, Integration und Soziales des Landes "
            "Nordrhein-Westfalen."
        ),
        "body": [paragraph(INTEGRATION_PARAGRAPHS[3])],
    },
    {
        "key": "muelheim",
        "slug": "muelheim-an-der-ruhr",
        "title": "Integrationsagentur Mülheim an der Ruhr",
        "city": "Mülheim an der Ruhr",
        "founded": "2019-01-01",
        "introduction": (
            "Nach sechs erfolgreichen Jahren in Oberhausen wurde unsere zweite "
            "Integrationsagentur in Mülheim an der Ruhr gegründet."
        ),
        "opening_hours": f"Montag 10–13 Uhr {PLACEHOLDER}\nMittwoch 14–17 Uhr {PLACEHOLDER}",
        "funding_note": (
            "Gefördert vom Ministerium für Arbeit, Integration und Soziales des Landes "
            "Nordrhein-Westfalen."
        ),
        "body": [paragraph(INTEGRATION_PARAGRAPHS[3])],
    },
]

FOCUS_AREAS = [
    {
        "key": "engagement",
        "slug": "buergerschaftliches-engagement",
        "title": "Bürgerschaftliches Engagement von/für Menschen mit Zuwanderungsgeschichte",
        "introduction": (
            "Wir ermutigen Menschen mit Zuwanderungsgeschichte, sich ehrenamtlich zu engagieren, "
            "und begleiten sie dabei."
        ),
        "body": [
            paragraph(
                "Viele Menschen, die selbst zugewandert sind, möchten ihre Erfahrungen "
                "weitergeben. Wir bringen sie mit Menschen zusammen, die Unterstützung suchen, "
                "und begleiten Ehrenamtliche mit Schulungen und Austausch."
            )
        ],
    },
    {
        "key": "sozialraum",
        "slug": "sozialraumorientierte-arbeit",
        "title": "Sozialraumorientierte Arbeit",
        "introduction": (
            "Wir arbeiten dort, wo Menschen leben: in den Stadtteilen von Oberhausen und "
            "Mülheim an der Ruhr."
        ),
        "body": [
            paragraph(
                "Gemeinsam mit Nachbarinnen und Nachbarn, Vereinen und Einrichtungen im "
                "Stadtteil schaffen wir Orte der Begegnung und fördern ein harmonisches "
                "Zusammenleben der unterschiedlichen Nationalitäten."
            )
        ],
    },
    {
        "key": "oeffnung",
        "slug": "interkulturelle-oeffnung",
        "title": "Interkulturelle Öffnung in sozialen Diensten und Einrichtungen",
        "introduction": (
            "Wir unterstützen soziale Dienste und Einrichtungen dabei, sich für Menschen "
            "unterschiedlicher Herkunft zu öffnen."
        ),
        "body": [
            paragraph(
                "Mit Schulungen, Beratung und Begegnungen stärken wir das Verständnis zwischen "
                "den vielfältigen Kulturen und helfen, Zugangshürden abzubauen."
            )
        ],
    },
]

EVENT_INDEX = {
    "slug": "veranstaltungen",
    "title": "Veranstaltungen",
    "introduction": "Termine der Integrationsagenturen in Oberhausen und Mülheim an der Ruhr.",
}

PROJECT_INDEX = {
    "slug": "projekte",
    "title": "Projekte",
    "introduction": "Projekte der Integrationsagenturen, laufende und abgeschlossene.",
}

EXAMPLE = "Beispielprojekt – bitte durch ein echtes Projekt ersetzen."

PROJECTS = [
    {
        "key": "lotsen",
        "slug": "integrationslotsen",
        "title": "Integrationslotsen: Ehrenamt von Zugewanderten für Zugewanderte",
        "introduction": (
            "Ehrenamtliche begleiten neu Zugewanderte zu Ämtern, Ärzten und Beratungsstellen. "
            + EXAMPLE
        ),
        "status": "running",
        "start_date": "2021-03-01",
        "agencies": ["oberhausen", "muelheim"],
        "focus_areas": ["engagement"],
        "body": [
            paragraph(
                "Integrationslotsinnen und -lotsen sprechen Russisch, Ukrainisch und Deutsch "
                "und kennen die Wege durch die Behörden aus eigener Erfahrung."
            )
        ],
    },
    {
        "key": "nachbarschaftscafe",
        "slug": "nachbarschaftscafe",
        "title": "Nachbarschaftscafé im Quartier",
        "introduction": "Ein offener Treffpunkt für alle Nachbarinnen und Nachbarn. " + EXAMPLE,
        "status": "running",
        "start_date": "2022-09-01",
        "agencies": ["muelheim"],
        "focus_areas": ["sozialraum"],
        "body": [
            paragraph(
                "Bei Kaffee und Gebäck lernen sich Menschen aus dem Stadtteil kennen, tauschen "
                "sich aus und planen gemeinsame Aktivitäten."
            )
        ],
    },
    {
        "key": "schulungen",
        "slug": "interkulturelle-schulungen",
        "title": "Interkulturelle Schulungen für soziale Dienste",
        "introduction": (
            "Fortbildungen für Mitarbeitende von Pflegediensten und Beratungsstellen. " + EXAMPLE
        ),
        "status": "running",
        "start_date": "2023-01-15",
        "agencies": ["oberhausen"],
        "focus_areas": ["oeffnung"],
        "body": [
            paragraph(
                "Die Schulungen vermitteln Wissen über die Lebenswelten russischsprachiger "
                "Zugewanderter und über jüdisches Leben in Deutschland."
            )
        ],
    },
    {
        "key": "digital",
        "slug": "digitale-sprechstunde",
        "title": "Digitale Sprechstunde für Seniorinnen und Senioren",
        "introduction": "Hilfe mit Smartphone, Tablet und Online-Terminen. " + EXAMPLE,
        "status": "finished",
        "start_date": "2020-10-01",
        "end_date": "2023-12-31",
        "agencies": ["oberhausen", "muelheim"],
        "focus_areas": ["engagement", "sozialraum"],
        "body": [
            paragraph(
                "Junge Ehrenamtliche haben älteren Menschen geholfen, mit Familie und Behörden "
                "digital in Kontakt zu bleiben."
            )
        ],
    },
    {
        # Left untranslated on purpose: shows visitors and translators the
        # pending state (a wagtail-localize alias with a note in Russian).
        "key": "erzaehlcafe",
        "slug": "erzaehlcafe",
        "title": "Erzählcafé: Lebensgeschichten aus zwei Welten",
        "introduction": (
            "Ältere Gemeindemitglieder erzählen, wie sie nach Deutschland gekommen sind. " + EXAMPLE
        ),
        "status": "running",
        "start_date": "2027-03-01",
        "agencies": ["oberhausen"],
        "focus_areas": ["engagement"],
        "untranslated": True,
        "body": [
            paragraph(
                "Jüngere hören zu, fragen nach und schreiben die Geschichten auf: für ein "
                "kleines Buch der Gemeinde."
            )
        ],
    },
]

# Events: ``in_days`` counts from the day the content is loaded; the event
# then starts on the next ``weekday`` (0 = Monday) or, for a series, on the
# first date of its rule, so that nothing falls on Shabbat by accident.
EVENTS = [
    {
        "slug": "deutsch-cafe",
        "title": "Deutsch-Café: Deutsch sprechen bei Kaffee und Kuchen",
        "introduction": "Deutsch üben in entspannter Runde, für alle Sprachniveaus.",
        "in_days": 5,
        "recurrence": "RRULE:FREQ=WEEKLY;BYDAY=TU",
        "skip_public_holidays": True,
        "skip_jewish_holidays": True,
        "changes": [{"nth": 2, "action": "cancel", "reason": "Die Kursleitung ist krank."}],
        "start_time": "18:00",
        "end_time": "19:30",
        "location": "oberhausen",
        "agency": "oberhausen",
        "focus_areas": ["engagement"],
        "project": None,
    },
    {
        "slug": "seniorennachmittag",
        "title": "Seniorennachmittag",
        "introduction": "Gespräche, Musik und Informationen für ältere Menschen.",
        "in_days": 9,
        "recurrence": "RRULE:FREQ=MONTHLY;BYDAY=+1WE;COUNT=8",
        "changes": [
            {
                "nth": 1,
                "action": "move",
                "days_later": 1,
                "reason": "Wegen einer Renovierung einen Tag später.",
            }
        ],
        "start_time": "15:00",
        "end_time": "17:00",
        "location": "gemeindezentrum",
        "agency": "muelheim",
        "focus_areas": ["sozialraum"],
        "project": None,
    },
    {
        "slug": "beratungsstunde-muelheim",
        "title": "Offene Beratungsstunde",
        "introduction": "Beratung zu Behörden, Briefen und Anträgen, ohne Termin.",
        "in_days": 3,
        "recurrence": "RRULE:FREQ=WEEKLY;BYDAY=TH",
        "skip_public_holidays": True,
        "start_time": "10:00",
        "end_time": "12:00",
        "location": "muelheim",
        "agency": "muelheim",
        "focus_areas": ["engagement"],
        "project": None,
    },
    {
        "slug": "nachbarschaftscafe-termin",
        "title": "Nachbarschaftscafé",
        "introduction": "Offener Treffpunkt für alle Nachbarinnen und Nachbarn.",
        "in_days": 12,
        "weekday": 3,
        "start_time": "14:30",
        "end_time": "16:30",
        "location": "muelheim",
        "agency": "muelheim",
        "focus_areas": ["sozialraum"],
        "project": "nachbarschaftscafe",
    },
    {
        "slug": "sommerfest",
        "title": "Sommerfest der Integrationsagenturen",
        "introduction": "Ein Fest für alle Generationen mit Musik, Essen und Spielen.",
        "in_days": 200,
        "weekday": 6,
        "start_time": "14:00",
        "end_time": "19:00",
        "location": "gemeindezentrum",
        "agency": "oberhausen",
        "focus_areas": ["sozialraum", "engagement"],
        "project": None,
    },
    {
        "slug": "wochenendseminar-ehrenamt",
        "title": "Wochenendseminar für Ehrenamtliche",
        "introduction": "Zwei Tage Austausch und Fortbildung für Integrationslotsen.",
        "in_days": 45,
        "weekday": 6,
        "days": 2,
        "start_time": None,
        "end_time": None,
        "location": "gemeindezentrum",
        "agency": "oberhausen",
        "focus_areas": ["engagement"],
        "project": "lotsen",
    },
    {
        "slug": "infoabend-ehrenamt",
        "title": "Infoabend: Ehrenamtlich aktiv werden",
        "introduction": "Wie kann ich mich engagieren? Wir stellen unsere Projekte vor.",
        "in_days": 20,
        "weekday": 2,
        "start_time": "18:30",
        "end_time": "20:00",
        "location": "oberhausen",
        "agency": "oberhausen",
        "focus_areas": ["engagement"],
        "project": "lotsen",
    },
    {
        "slug": "schulung-interkulturelle-oeffnung",
        "title": "Schulung: Interkulturelle Öffnung in der Pflege",
        "introduction": "Fortbildung für Mitarbeitende ambulanter Pflegedienste.",
        "in_days": 30,
        "weekday": 0,
        "start_time": "09:30",
        "end_time": "15:30",
        "location": "oberhausen",
        "agency": "oberhausen",
        "focus_areas": ["oeffnung"],
        "project": "schulungen",
    },
]

STANDARD_PAGES = [
    {
        "slug": "ueber-uns",
        "title": "Über uns",
        "introduction": "Die Integrationsagenturen der Jüdischen Gemeinde stellen sich vor.",
        "show_in_menus": True,
        "body": [paragraph(p) for p in INTEGRATION_PARAGRAPHS],
    },
    {
        "slug": "impressum",
        "title": "Impressum",
        "introduction": "Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG).",
        "footer": True,
        "body": [
            heading("Anbieter"),
            paragraph(
                "Jüdische Gemeinde Duisburg-Mülheim/Ruhr-Oberhausen K.d.ö.R., Körperschaft des "
                f"öffentlichen Rechts. Anschrift, Vertretungsberechtigte und Aufsichtsbehörde: "
                f"{PLACEHOLDER}"
            ),
            heading("Kontakt"),
            paragraph(f"E-Mail: kontakt@example.org {PLACEHOLDER}"),
            heading("Verantwortlich für den Inhalt"),
            paragraph(f"Name und Anschrift der verantwortlichen Person: {PLACEHOLDER}"),
            heading("Förderung"),
            paragraph(
                "Die Integrationsagenturen werden gefördert vom Ministerium für Arbeit, "
                "Integration und Soziales des Landes Nordrhein-Westfalen (MAGS NRW) und arbeiten "
                "unter dem Dach der Verbände der Freien Wohlfahrtspflege."
            ),
        ],
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutz",
        "introduction": "Wie wir mit Ihren Daten umgehen.",
        "footer": True,
        "body": [
            heading("Keine Cookies, keine Dienste Dritter"),
            paragraph(
                "Diese Website setzt beim Lesen keine Cookies und lädt keine Inhalte von "
                "anderen Servern. Es werden keine Nutzungsprofile erstellt."
            ),
            heading("Was beim Aufruf gespeichert wird"),
            paragraph(
                "Der Server verarbeitet bei jedem Aufruf die technisch nötigen Daten: "
                "IP-Adresse, Zeitpunkt, aufgerufene Adresse und Browserkennung. Sie werden nur "
                "zur Abwehr von Angriffen und zur Fehlersuche verwendet und nach 7 Tagen "
                f"gelöscht (Art. 6 Abs. 1 lit. f DSGVO). {PLACEHOLDER}"
            ),
            heading("Kontaktformular"),
            paragraph(
                "Nur auf den Seiten mit Kontaktformular setzt die Website ein technisch "
                "notwendiges Cookie (csrftoken), das Formulare vor Missbrauch schützt; es "
                "enthält keine Angaben über Sie. Was Sie in das Formular eingeben, erhält die "
                "Integrationsagentur per E-Mail und in ihrer Verwaltung der Website. Wir "
                "verwenden es nur, um Ihre Anfrage zu beantworten, und löschen es nach 6 "
                "Monaten (Art. 6 Abs. 1 lit. a DSGVO, Ihre Einwilligung)."
            ),
            heading("Benachrichtigungen per E-Mail"),
            paragraph(
                "Wenn Sie sich für Benachrichtigungen bei Änderungen anmelden, speichern wir "
                "Ihre E-Mail-Adresse, die gewählte Sprache, welche Veranstaltungen Sie "
                "verfolgen und wann Sie sich angemeldet und bestätigt haben. Wir verwenden "
                "diese Angaben nur, um Ihnen Absagen, Verschiebungen, Hinweise und neue "
                "Veranstaltungen zu melden (Art. 6 Abs. 1 lit. a DSGVO, Ihre Einwilligung). "
                "Erst wenn Sie den Link in der Bestätigungs-E-Mail anklicken, senden wir "
                "Benachrichtigungen; eine nicht bestätigte Anmeldung löschen wir nach 48 "
                "Stunden. Ihre Adresse geben wir nicht weiter, auch nicht an Dienste Dritter; "
                "die Redaktion sieht nur, wie viele Personen einer Seite folgen. Mit dem Link "
                "in jeder E-Mail ändern Sie Ihre Benachrichtigungen oder melden sich ab: Dann "
                "löschen wir Ihre Adresse und alles, was dazu gespeichert ist, sofort."
            ),
            heading("Videos"),
            paragraph(
                "Videos von YouTube oder Vimeo werden erst geladen, wenn Sie auf „Video laden“ "
                "klicken. Erst dann erhält der Anbieter Ihre IP-Adresse und kann Cookies setzen."
            ),
            heading("Kalender-Abonnements"),
            paragraph(
                "Wenn Sie einen Kalender abonnieren, ruft Ihr Kalenderprogramm die Termine "
                "regelmäßig von diesem Server ab; dabei gilt dasselbe wie für jeden Aufruf. "
                "Abonnieren Sie über Google oder Microsoft, ruft deren Server den Kalender ab."
            ),
            heading("Ihre Rechte"),
            paragraph(
                "Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der "
                "Verarbeitung, auf Widerspruch und auf Beschwerde bei der Landesbeauftragten für "
                "Datenschutz und Informationsfreiheit Nordrhein-Westfalen."
            ),
            heading("Verantwortliche Stelle"),
            paragraph(
                "Jüdische Gemeinde Duisburg-Mülheim/Ruhr-Oberhausen K.d.ö.R. Kontaktdaten der "
                f"oder des Datenschutzbeauftragten: {PLACEHOLDER}"
            ),
        ],
    },
    {
        "slug": "barrierefreiheit",
        "title": "Erklärung zur Barrierefreiheit",
        "introduction": (
            "Wir möchten, dass alle Menschen diese Website gut nutzen können, auch mit "
            "Screenreader, Vergrößerung oder nur mit der Tastatur."
        ),
        "footer": True,
        "body": [
            heading("Stand der Vereinbarkeit"),
            paragraph(
                "Diese Website soll die Anforderungen der Barrierefreie-Informationstechnik-"
                "Verordnung NRW (BITV NRW) und der WCAG 2.1 auf Stufe AA erfüllen. Sie wird "
                "bei jeder Änderung automatisch mit dem Prüfwerkzeug axe-core getestet. Eine "
                f"Prüfung durch Fachleute steht noch aus. {PLACEHOLDER}"
            ),
            heading("Was noch nicht barrierefrei ist"),
            paragraph(
                "Ältere PDF-Dokumente sind nicht immer barrierefrei. Wenn Sie ein Dokument "
                "nicht lesen können, schicken wir Ihnen den Inhalt gern in anderer Form."
            ),
            heading("Barriere melden"),
            paragraph(
                "Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie Informationen in "
                "anderer Form? Schreiben Sie uns an kontakt@example.org oder nutzen Sie das "
                f"Kontaktformular Ihrer Integrationsagentur. Wir antworten innerhalb von zwei "
                f"Wochen. {PLACEHOLDER}"
            ),
            heading("Schlichtungsverfahren"),
            paragraph(
                "Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die "
                "Ombudsstelle für barrierefreie Informationstechnik bei der Landesbeauftragten "
                "für Menschen mit Behinderung in Nordrhein-Westfalen wenden. Anschrift: "
                f"{PLACEHOLDER}"
            ),
            heading("Erstellt"),
            paragraph(f"Diese Erklärung wurde am 25. November 2026 erstellt. {PLACEHOLDER}"),
        ],
    },
]

# One contact form per agency (home.ContactFormPage), below the agency's page.
# The recipients are placeholders (example.org): replace them with the
# agencies' real addresses before the site goes live.
CONTACT_FORM_FIELDS = [
    {"label": "Name", "field_type": "singleline", "required": True},
    {
        "label": "E-Mail",
        "field_type": "email",
        "required": False,
        "help_text": "Wenn Sie eine Antwort per E-Mail wünschen.",
    },
    {
        "label": "Telefon",
        "field_type": "singleline",
        "required": False,
        "help_text": "Wenn wir Sie zurückrufen sollen.",
    },
    {"label": "Nachricht", "field_type": "multiline", "required": True},
]
CONTACT_FORM_INTRODUCTION = (
    "Schreiben Sie uns Ihre Frage oder Ihr Anliegen, gern auf Deutsch oder auf Russisch."
)
CONTACT_FORM_THANK_YOU = (
    "<p>Wir haben Ihre Nachricht erhalten. Eine Mitarbeiterin oder ein Mitarbeiter der "
    "Integrationsagentur meldet sich so bald wie möglich bei Ihnen: per E-Mail, wenn Sie eine "
    "Adresse angegeben haben, sonst per Telefon.</p>"
    "<p>In dringenden Fällen rufen Sie uns bitte während der Öffnungszeiten an.</p>"
)

CONTACT_FORMS = [
    {
        "agency": "oberhausen",
        "slug": "kontakt",
        "title": "Nachricht an die Integrationsagentur Oberhausen",
        "introduction": CONTACT_FORM_INTRODUCTION,
        "thank_you_text": CONTACT_FORM_THANK_YOU,
        "to_address": "oberhausen@example.org",
        "fields": CONTACT_FORM_FIELDS,
    },
    {
        "agency": "muelheim",
        "slug": "kontakt",
        "title": "Nachricht an die Integrationsagentur Mülheim an der Ruhr",
        "introduction": CONTACT_FORM_INTRODUCTION,
        "thank_you_text": CONTACT_FORM_THANK_YOU,
        "to_address": "muelheim@example.org",
        "fields": CONTACT_FORM_FIELDS,
    },
]
