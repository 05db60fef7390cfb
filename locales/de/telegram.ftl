# Der Telegram-Kundenbot (bots/telegram). Nachrichten sind Telegram-HTML: <b>, <i> und <code> sind
# erlaubt; jedes Argument maskiert der Bot, bevor es hier ankommt. Nummern kommen als Text.
# Wie in den übrigen deutschen Texten: „Sie“, „Backorder“, „Drop“, „Zone“.

tg-command-topup = Guthaben aufladen
tg-command-link = Ihr Discord-Konto verknüpfen

## /start, /help und das Menü

tg-start-title = 👋 Willkommen, <b>{ $name }</b>!
tg-start-explain =
    Mit einer <b>Backorder</b> versuchen wir, einen Domainnamen für Sie zu registrieren, sobald er ausläuft und frei wird (Drop).
    Eine Backorder anzulegen ist kostenlos: Den Preis der Zone zahlen Sie nur, wenn wir den Namen für Sie erwischen.
    Der Preis wird 3 Tage vor dem Drop von Ihrem Guthaben reserviert und bei einem Fehlschlag wieder freigegeben.
tg-start-menu = Was möchten Sie tun?
tg-help-title = <b>Was ich kann</b>
tg-help-line = /{ $command } – { $does }
tg-help-filters =
    <b>Suchfilter</b> (nach /search und /watch):
    <code>shop</code> Teil des Namens · <code>shop*</code> beginnt mit · <code>*shop</code> endet mit
    <code>zone=com,net</code> oder <code>.com</code> · <code>len&lt;=6</code> · <code>len&gt;=3</code> · <code>len=5</code>
    <code>nodigits</code> · <code>nohyphens</code> · <code>digitsonly</code> · <code>noidn</code>
    <code>score&gt;=60</code> Qualitäts-Score (0-100) mindestens · <code>best</code> die besten zuerst
    <code>day=2026-12-02</code> (oder today, tomorrow) · <code>sort=length</code> · <code>page=2</code>
    Beispiel: <code>/search shop len&lt;=6 zone=com nodigits</code>
tg-menu-search = 🔎 Suchen
tg-menu-mine = 📋 Meine Backorders
tg-menu-balance = 💰 Guthaben
tg-menu-topup = 💳 Aufladen
tg-menu-prices = 🏷 Preise
tg-menu-watch = 🔔 Alarme
tg-menu-profile = 👤 Profil
tg-menu-language = 🌐 Sprache
tg-menu-help = ❓ Hilfe

## Schaltflächen

tg-button-backorder = 🛒 { $name }
tg-button-prev = ◀ Zurück
tg-button-next = Weiter ▶
tg-button-refine = ⚙️ Filter
tg-button-watch-this = 🔔 Bei neuen Treffern melden
tg-button-details = 📄 Details
tg-button-cancel-backorder = ❌ Backorder stornieren
tg-button-topup = 💳 Aufladen
tg-button-back = ◀ Zurück
tg-button-back-to-list = ◀ Meine Backorders
tg-button-bid = ⬆️ { $amount } bieten
tg-button-set-max = ✏️ Mein Höchstgebot
tg-button-auction-link = 🔗 Zur Auktion
tg-button-confirm-bid = ✅ Ja, bieten
tg-button-confirm-cancel = ✅ Ja, stornieren
tg-button-keep = ◀ Nein, behalten
tg-button-expired = Diese Schaltfläche ist abgelaufen. Bitte rufen Sie den Befehl erneut auf.
tg-button-remove-watch = 🗑 Alarm löschen
tg-button-remove-watch-n = 🗑 Alarm #{ $id } löschen
tg-button-search = 🔎 Suchen
tg-button-search-label = 🔎 „{ $label }“ suchen
tg-button-show-matches = 🔎 Heutige Treffer zeigen
tg-button-skip = ⏭ Leer lassen
tg-button-start-over = ✏️ Neu ausfüllen
tg-button-stop = ✖ Abbrechen

## Die Mini App (/app, die Menütaste; mit TELEGRAM_WEBAPP_URL)

tg-command-app = Drop-Tabellen und Ihre Backorders öffnen
tg-app-menu-button = Drops
tg-app-open = 📊 Drop-Tabellen mit Filtern und Sortierung, ein Diagramm der nächsten Drop-Tage und Ihre Backorders:
tg-app-button = App öffnen
tg-app-watching = 👀 Sie beobachten <b>{ $name }</b>: Sie hören davon, sobald eine neue Drop-Liste den Namen enthält.

## Inline-Modus (@bot STICHWORT [Zone] [max. Länge] in jedem Chat)

tg-inline-hint-title = Namen suchen, die bald frei werden
tg-inline-hint = Geben Sie ein Stichwort, eine Zone und eine Höchstlänge ein, z. B. @{ $bot } shop com 6
tg-inline-hint-message = 🔎 Auslaufende Domainnamen finden Sie mit <b>@{ $bot } STICHWORT [Zone] [max. Länge]</b>, z. B. <code>@{ $bot } shop com 6</code>.
tg-inline-bad-title = Diese Suche ist nicht lesbar
tg-inline-none-title = Keine passenden Namen
tg-inline-description = wird frei { $date } · { $length } Zeichen · { $price }
tg-inline-message = <b>{ $name }</b> wird frei { $date } · { $length } Zeichen · Backorder { $price }
tg-inline-button = Im Bot vorbestellen

## /search

tg-search-title = 🔎 <b>{ $total ->
        [one] Ein Name
       *[other] { $total } Namen
    }</b> · { $filters }
tg-search-page = Seite { $page } von { $pages } · Drop-Zeiten in UTC
tg-search-line = { $n }. <b>{ $name }</b> · { $date } · { $price } · bestellbar bis { $deadline } · Score { $score }
tg-price-with-lite = { $price } · Lite { $lite }
tg-search-none = Keine Treffer. Versuchen Sie weniger Filter, oder lassen Sie sich mit /watch benachrichtigen, sobald passende Namen auftauchen.
tg-search-past-end = Auf dieser Seite gibt es keine Namen mehr.
tg-search-upcoming = Nächste Drop-Tage: { $days }
tg-day-count = { $day }: { $count }
tg-search-no-buttons = Diese Filter sind zu lang für Schaltflächen: Hängen Sie <code>page=2</code> an Ihre Suche an, um die nächste Seite zu sehen.
tg-search-bad-filter = Den Filter „{ $filter }“ verstehe ich nicht. /help zeigt, wie Filter geschrieben werden.
tg-search-too-long = Diese Suche ist zu lang: höchstens { $max } Zeichen, bitte.
tg-search-too-many = Diese Suche hat zu viele Teile: höchstens { $max }, bitte.
tg-search-one-keyword = Bitte nur ein Suchwort: „{ $first }“ oder „{ $second }“? Filter schreibt man z. B. <code>zone=com</code>.
tg-not-offered = nicht im Angebot
tg-f-keyword = „{ $keyword }“
tg-f-zone = .{ $zone }
tg-f-length = { $n } Zeichen
tg-f-min-length = mindestens { $n } Zeichen
tg-f-max-length = höchstens { $n } Zeichen
tg-f-no-digits = ohne Ziffern
tg-f-no-hyphens = ohne Bindestriche
tg-f-digits-only = nur Ziffern
tg-f-no-idn = ohne IDN
tg-f-min-score = Score mindestens { $n }
tg-f-best-first = die besten zuerst
tg-f-day = Drop am { $day }
tg-f-everything = alle Namen
tg-form-title = 🔎 <b>Namen finden, die bald frei werden</b>
tg-form-current = Filter: { $filters }
tg-form-hint = Tippen Sie zum Ändern und lassen Sie sich dann die Treffer zeigen. Oder schreiben Sie z. B. <code>/search shop len&lt;=6</code>.
tg-form-max-length = ≤ { $n }
tg-form-any-length = jede Länge
tg-form-no-digits = ohne Ziffern
tg-form-no-hyphens = ohne Bindestriche
tg-form-min-score = Score ≥ { $n }
tg-form-best-first = ⭐ die besten zuerst
tg-form-any-day = jeder Tag
tg-form-show = 🔎 Treffer zeigen

## /backorder

tg-backorder-usage = Schicken Sie mir den gewünschten Namen, z. B. <code>/backorder example.com</code> (oder <code>/backorder example.com lite</code> für Backorder Lite), oder finden Sie Namen mit /search.
tg-placed-title = ✅ Backorder angelegt: <b>{ $name }</b> (#{ $id })
tg-placed-drop = Drop: { $date }
tg-placed-drop-unknown = Drop-Zeit: noch nicht bekannt. Wir behalten die Drop-Liste für Sie im Blick.
tg-placed-price = Preis: { $price }. Berechnet wird erst, wenn wir den Namen erwischen: Sie zahlen nur bei Erfolg.
tg-placed-funds = { $price } müssen bis { $date } (3 Tage vor dem Drop) als Guthaben verfügbar sein; dann werden sie für diesen Namen reserviert.
tg-placed-funds-unknown = { $price } müssen 3 Tage vor dem Drop als Guthaben verfügbar sein; dann werden sie für diesen Namen reserviert.
tg-placed-short = Verfügbar sind gerade { $available }. Bitte laden Sie bis dahin { $missing } auf.
tg-placed-finalizes = Stornieren können Sie bis { $date } (Finalisierungsfrist).
tg-placed-lite = Backorder Lite: Reguläre Backorders für diesen Namen haben Vorrang, und Lite-Backorders nehmen an keiner Auktion teil.
tg-choose-kind = Wie möchten Sie <b>{ $name }</b> bestellen?
    • <b>Backorder</b>, { $price }: zuerst an der Reihe; bestellen mehrere Kunden den Namen, entscheidet eine private Auktion.
    • <b>Backorder Lite</b>, { $lite }: nach allen regulären Backorders für den Namen; unter Lite-Backorders gewinnt die früheste, ohne Auktion.
    So oder so zahlen Sie nur, wenn wir den Namen erwischen.
tg-button-regular = 🛒 Backorder · { $price }
tg-button-lite = 🪶 Backorder Lite · { $price }
tg-placed-toast = Backorder angelegt

## /mybackorders und /cancel

tg-mine-empty = Sie haben noch keine Backorders. Finden Sie Namen mit /search, oder legen Sie eine an mit <code>/backorder example.com</code>.
tg-mine-all = Alle
tg-mine-title = 📋 <b>Ihre Backorders</b> · { $status }: { $total } · Seite { $page } von { $pages }
tg-mine-line = #{ $id } <b>{ $name }</b>{ $kind ->
        [lite] {" "}· Lite
       *[regular] {""}
    } · { $status } · { $date } · { $price }
tg-details-title = 📄 <b>{ $name }</b> · Backorder #{ $id }
tg-details-status = Status: { $status }
tg-details-drop = Drop: { $date }
tg-details-price = Preis: { $price } (nur bei Erfolg berechnet)
tg-details-lite = Art: Backorder Lite (nach regulären Backorders für den Namen, keine Auktion)
tg-details-finalizes = Stornierbar bis { $date } (Finalisierungsfrist)
tg-details-held = Von Ihrem Guthaben reserviert: { $amount }
tg-details-history = <b>Verlauf</b>
tg-details-history-line = • { $date }: { $status }
tg-details-auction = <b>Auktion</b>
tg-cancel-choose = Welche Backorder möchten Sie stornieren?
tg-cancel-nothing = Sie haben keine Backorder, die sich noch stornieren lässt.
tg-cancel-usage = Schreiben Sie <code>/cancel 12</code> (die Nummer der Backorder) oder <code>/cancel example.com</code>.
tg-cancel-no-open = Sie haben keine Backorder für { $name }, die sich noch stornieren lässt.
tg-cancel-not-allowed = Die Backorder für { $name } ist im Status „{ $status }“ und lässt sich nicht mehr stornieren.
tg-cancel-confirm = Ihre Backorder für <b>{ $name }</b> (#{ $id }) stornieren?
tg-cancel-confirm-held = Ihre Backorder für <b>{ $name }</b> (#{ $id }) stornieren? Die dafür reservierten { $amount } gehen zurück in Ihr verfügbares Guthaben.
tg-cancelled = ❌ Ihre Backorder für <b>{ $name }</b> (#{ $id }) ist storniert.
tg-cancelled-released = ❌ Ihre Backorder für <b>{ $name }</b> (#{ $id }) ist storniert; { $amount } sind zurück in Ihrem verfügbaren Guthaben.
tg-cancelled-toast = Storniert

## Auktionen

tg-auction-title = 🔨 <b>{ $name }</b> · Auktion #{ $id }
tg-auction-open = Läuft bis { $ends }.
tg-auction-closed = Beendet { $ends }.
tg-auction-price = Aktueller Preis: { $price } · { $bids ->
        [one] ein Gebot
       *[other] { $bids } Gebote
    } · { $bidders } Bieter
tg-auction-leading = ✅ Sie bieten am höchsten.
tg-auction-behind = ⚠️ Jemand anderes bietet mehr.
tg-auction-won = 🏆 Sie haben gewonnen.
tg-auction-lost = Ein anderer Bieter hat gewonnen.
tg-auction-your-max = Ihr Höchstgebot: { $max }
tg-auction-next = Ihr nächstes Gebot muss mindestens { $amount } betragen.
tg-auction-not-yours = Sie nehmen an dieser Auktion nicht teil.
tg-bid-confirm = Bis zu <b>{ $amount }</b> für <b>{ $name }</b> bieten? Dieser Betrag wird bis zum Ende der Auktion von Ihrem Guthaben reserviert.
tg-bid-ask-max = Schicken Sie mir den Höchstbetrag, den Sie für <b>{ $name }</b> zahlen würden, in { $currency }, z. B. <code>{ $example }</code>. Sie zahlen nur so viel, wie nötig ist, um die anderen zu überbieten.
tg-bid-not-an-amount = Bitte schicken Sie einen Betrag wie <code>75</code> oder <code>75,50</code>, oder einen beliebigen Befehl zum Abbrechen.
tg-bid-placed = ✅ Ihr Gebot ist abgegeben.
tg-bid-placed-toast = Gebot abgegeben

## /balance, /prices und /topup

tg-balance-title = 💰 <b>Ihr Konto</b> (Kundennummer { $customer })
tg-balance-balance = Guthaben: { $amount }
tg-balance-held = Für Backorders reserviert: { $amount }
tg-balance-unpaid = Offene Rechnungen: { $amount }
tg-balance-available = <b>Verfügbar: { $amount }</b>
tg-prices-title = 🏷 <b>Preis pro erwischtem Namen</b> ({ $currency })
tg-prices-line = .{ $zone }: { $price }
tg-prices-none = Noch werden keine Zonen angeboten. Bitte fragen Sie später noch einmal.
tg-prices-note = Sie zahlen nur, wenn wir einen Namen erwischen; ein Fehlschlag kostet nichts.
tg-topup-manual = 💳 Zum Aufladen überweisen Sie den Betrag in { $currency } an den Anbieter, mit Ihrer Kundennummer <b>{ $customer }</b> als Verwendungszweck. Der Anbieter schreibt ihn Ihrem Guthaben gut; /balance zeigt es.
tg-topup-choose = 💳 Wie viel möchten Sie aufladen (in { $currency })? Oder schicken Sie z. B. <code>/topup 30</code> für einen anderen Betrag.
tg-topup-too-much = Höchstens { $max } pro Zahlung, bitte.
tg-topup-usage = Schicken Sie <code>/topup</code> und einen Betrag, z. B. <code>/topup 30</code>.
tg-topup-refused = Diese Zahlung kann nicht angenommen werden. Bitte beginnen Sie neu mit /topup.
tg-topup-done = ✅ Danke! { $amount } gutgeschrieben. Jetzt verfügbar: { $available }.
tg-topup-already = Diese Zahlung über { $amount } wurde bereits gutgeschrieben. Jetzt verfügbar: { $available }.
tg-topup-staff = Wir haben Ihre Zahlung über { $amount } erhalten, konnten sie aber nicht automatisch gutschreiben. Unser Team schreibt sie gut; Sie müssen nicht noch einmal zahlen.
tg-invoice-title = Guthaben aufladen
tg-invoice-description = { $amount } für Ihr Backorder-Guthaben (Kundennummer { $customer })
tg-invoice-label = Aufladung

## /watch

tg-watch-saved = 🔔 Alarm #{ $id } gespeichert: { $filters }. { $count ->
        [0] Heute passt kein Name.
        [one] Heute passt ein Name.
       *[other] Heute passen { $count } Namen.
    } Nach jeder Aktualisierung der Drop-Liste schicke ich Ihnen die neuen passenden Namen.
tg-watch-none = Sie haben noch keine Alarme. Speichern Sie eine Suche, z. B. <code>/watch shop len&lt;=6 zone=com</code>: Nach jeder Aktualisierung der Drop-Liste bekommen Sie die neuen passenden Namen.
tg-watch-title = 🔔 <b>Ihre Alarme</b> ({ $count })
tg-watch-line = #{ $id }: { $filters }
tg-watch-usage = Legen Sie einen mit <code>/watch</code> und Suchfiltern an, z. B. <code>/watch shop zone=com</code>.
tg-watch-needs-filter = Geben Sie mindestens einen Filter an: Ein Alarm ohne Filter passt auf die ganze Drop-Liste.
tg-watch-no-paging = Alarme nehmen nur Filter: keinen Tag, keine Sortierung, keine Seite.
tg-watch-too-many = Sie haben schon { $max } Alarme, mehr geht nicht. Löschen Sie zuerst einen (/watch).
tg-watch-removed = Alarm #{ $id } gelöscht
tg-watch-gone = Alarm #{ $id } war schon gelöscht

## /profile

tg-profile-intro = 👤 Der Registrar braucht Ihre Angaben als Inhaber jedes Namens, den wir für Sie erwischen. Ich frage sie einzeln ab; Sie können jederzeit abbrechen.
tg-profile-step = Schritt { $step } von { $steps }
tg-profile-edit-field = Schicken Sie mir den neuen Wert.
tg-profile-title = 👤 <b>Ihre Inhaberdaten</b>
tg-profile-line = { $field }: { $value }
tg-profile-edit-hint = Tippen Sie auf ein Feld, um es zu ändern.
tg-profile-saved = ✅ Gespeichert.
tg-profile-stopped = Abgebrochen. Nichts wurde gespeichert; /profile beginnt von vorn.
tg-profile-field-firstName = Vorname
tg-profile-field-lastName = Nachname
tg-profile-field-organization = Organisation
tg-profile-field-street = Straße
tg-profile-field-city = Ort
tg-profile-field-state = Bundesland
tg-profile-field-zip = Postleitzahl
tg-profile-field-country = Land
tg-profile-field-phone = Telefon
tg-profile-field-email = E-Mail
tg-profile-ask-firstName = Ihr <b>Vorname</b>?
tg-profile-ask-lastName = Ihr <b>Nachname</b>?
tg-profile-ask-organization = Ihre <b>Organisation</b>, falls die Namen für eine Firma sind (oder leer lassen)?
tg-profile-ask-street = Ihre <b>Straße und Hausnummer</b>?
tg-profile-ask-city = Ihr <b>Ort</b>?
tg-profile-ask-state = Ihr <b>Bundesland oder Ihre Region</b> (oder leer lassen)?
tg-profile-ask-zip = Ihre <b>Postleitzahl</b>?
tg-profile-ask-country = Ihr <b>Land</b> als Kürzel aus zwei Buchstaben, z. B. <code>DE</code> oder <code>AT</code>?
tg-profile-ask-phone = Ihre <b>Telefonnummer</b>: Ländervorwahl, ein Punkt, dann die Nummer, z. B. <code>+49.301234567</code>?
tg-profile-ask-email = Ihre <b>E-Mail-Adresse</b>?
tg-profile-invalid-firstName = Diesen Vornamen kann ich nicht verwenden: 1 bis 64 Zeichen, bitte.
tg-profile-invalid-lastName = Diesen Nachnamen kann ich nicht verwenden: 1 bis 64 Zeichen, bitte.
tg-profile-invalid-organization = Diese Organisation kann ich nicht verwenden: höchstens 128 Zeichen, bitte.
tg-profile-invalid-street = Diese Straße kann ich nicht verwenden: 1 bis 255 Zeichen, bitte.
tg-profile-invalid-city = Diesen Ort kann ich nicht verwenden: 1 bis 64 Zeichen, bitte.
tg-profile-invalid-state = Dieses Bundesland kann ich nicht verwenden: höchstens 64 Zeichen, bitte.
tg-profile-invalid-zip = Diese Postleitzahl kann ich nicht verwenden: 1 bis 16 Zeichen, bitte.
tg-profile-invalid-country = Das ist kein Länderkürzel: zwei Buchstaben, z. B. DE, AT, CH oder US.
tg-profile-invalid-phone = Diese Telefonnummer kann ich nicht verwenden: Ländervorwahl, ein Punkt, dann die Nummer, z. B. +49.301234567 (Leerzeichen sind erlaubt).
tg-profile-invalid-email = Das ist keine E-Mail-Adresse.

## /language und alles andere

tg-language-choose = 🌐 Welche Sprache möchten Sie?
tg-language-set = ✅ Ab jetzt spreche ich Deutsch mit Ihnen.
tg-rate-limited = ⏳ Das ist viel auf einmal. Bitte warten Sie { $seconds } Sekunden und versuchen Sie es dann noch einmal.
tg-private-only = Bitte schreiben Sie mir in einem privaten Chat: Ihre Backorders und Ihr Guthaben sind nur für Sie.
tg-unknown-command = Den Befehl { $command } kenne ich nicht. /help zeigt, was ich kann.
tg-fallback = Das habe ich nicht verstanden. Versuchen Sie es mit <code>/search shop</code>, oder wählen Sie unten etwas aus.
tg-fallback-domain = Möchten Sie eine Backorder für <b>{ $name }</b> anlegen oder nach ähnlichen Namen suchen?

## /link (ein Discord-Konto)

tg-link-code =
    🔗 Ihr Code für Discord: <code>{ $code }</code>
    Geben Sie auf unserem Discord-Server <code>/link code:{ $code }</code> ein. Der Code gilt einmal, bis { $expires } ({ $minutes } Minuten); ein neues /link ersetzt ihn.
    Behalten Sie ihn für sich: Wer ihn eingibt, kann Backorders für Ihr Konto aufgeben.
tg-link-linked = Ein Discord-Konto ist schon verknüpft: Ein weiteres ersetzt es, und /unlink in Discord löst die Verknüpfung.
