# Der Telegram-Kundenbot (bots/telegram). Nachrichten sind Telegram-HTML: <b>, <i> und <code> sind
# erlaubt; jedes Argument maskiert der Bot, bevor es hier ankommt. Nummern kommen als Text.

tg-command-topup = Guthaben aufladen

## /start, /help und das Menü

tg-start-title = 👋 Willkommen, <b>{ $name }</b>!
tg-start-explain =
    Mit einer <b>Vorbestellung</b> registrieren wir eine Domain für dich, sobald sie ausläuft und frei wird.
    Die Vorbestellung ist kostenlos: Den Preis der Endung zahlst du nur, wenn wir die Domain für dich erwischen.
    Der Preis wird 3 Tage vor der Freigabe von deinem Guthaben reserviert und bei einem Fehlschlag wieder freigegeben.
tg-start-menu = Was möchtest du tun?
tg-help-title = <b>Was ich kann</b>
tg-help-line = /{ $command } – { $does }
tg-help-filters =
    <b>Suchfilter</b> (nach /search und /watch):
    <code>shop</code> Teil des Namens · <code>shop*</code> beginnt mit · <code>*shop</code> endet mit
    <code>zone=com,net</code> oder <code>.com</code> · <code>len&lt;=6</code> · <code>len&gt;=3</code> · <code>len=5</code>
    <code>nodigits</code> · <code>nohyphens</code> · <code>digitsonly</code> · <code>noidn</code>
    <code>day=2026-12-02</code> (oder today, tomorrow) · <code>sort=length</code> · <code>page=2</code>
    Beispiel: <code>/search shop len&lt;=6 zone=com nodigits</code>
tg-menu-search = 🔎 Suchen
tg-menu-mine = 📋 Meine Vorbestellungen
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
tg-button-cancel-backorder = ❌ Vorbestellung stornieren
tg-button-topup = 💳 Aufladen
tg-button-back = ◀ Zurück
tg-button-back-to-list = ◀ Meine Vorbestellungen
tg-button-bid = ⬆️ { $amount } bieten
tg-button-set-max = ✏️ Mein Höchstgebot
tg-button-auction-link = 🔗 Zur Auktion
tg-button-confirm-bid = ✅ Ja, bieten
tg-button-confirm-cancel = ✅ Ja, stornieren
tg-button-keep = ◀ Nein, behalten
tg-button-expired = Diese Schaltfläche ist abgelaufen. Bitte rufe den Befehl erneut auf.
tg-button-remove-watch = 🗑 Alarm löschen
tg-button-remove-watch-n = 🗑 Alarm #{ $id } löschen
tg-button-search = 🔎 Suchen
tg-button-search-label = 🔎 „{ $label }“ suchen
tg-button-show-matches = 🔎 Heutige Treffer zeigen
tg-button-skip = ⏭ Leer lassen
tg-button-start-over = ✏️ Neu ausfüllen
tg-button-stop = ✖ Abbrechen

## /search

tg-search-title = 🔎 <b>{ $total ->
        [one] Ein Name
       *[other] { $total } Namen
    }</b> · { $filters }
tg-search-page = Seite { $page } von { $pages } · Freigabezeiten in UTC
tg-search-line = { $n }. <b>{ $name }</b> · { $date } · { $price }
tg-search-none = Keine Treffer. Versuche weniger Filter, oder lass dich mit /watch benachrichtigen, sobald passende Namen auftauchen.
tg-search-past-end = Auf dieser Seite gibt es keine Namen mehr.
tg-search-upcoming = Nächste Freigabetage: { $days }
tg-day-count = { $day }: { $count }
tg-search-no-buttons = Diese Filter sind zu lang für Schaltflächen: Hänge <code>page=2</code> an deine Suche an, um die nächste Seite zu sehen.
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
tg-f-day = Freigabe am { $day }
tg-f-everything = alle Namen
tg-form-title = 🔎 <b>Namen finden, die bald frei werden</b>
tg-form-current = Filter: { $filters }
tg-form-hint = Tippe zum Ändern, dann zeig die Treffer. Oder schreib z. B. <code>/search shop len&lt;=6</code>.
tg-form-max-length = ≤ { $n }
tg-form-any-length = jede Länge
tg-form-no-digits = ohne Ziffern
tg-form-no-hyphens = ohne Bindestriche
tg-form-any-day = jeder Tag
tg-form-show = 🔎 Treffer zeigen

## /backorder

tg-backorder-usage = Schick mir den gewünschten Namen, z. B. <code>/backorder example.com</code>, oder finde Namen mit /search.
tg-placed-title = ✅ Vorbestellt: <b>{ $name }</b> (#{ $id })
tg-placed-drop = Freigabe: { $date }
tg-placed-drop-unknown = Freigabezeit: noch nicht bekannt. Wir behalten die Liste für dich im Blick.
tg-placed-price = Preis: { $price }. Berechnet wird erst, wenn wir den Namen erwischen: Du zahlst nur bei Erfolg.
tg-placed-funds = { $price } müssen bis { $date } (3 Tage vor der Freigabe) als Guthaben verfügbar sein; dann werden sie für diesen Namen reserviert.
tg-placed-funds-unknown = { $price } müssen 3 Tage vor der Freigabe als Guthaben verfügbar sein; dann werden sie für diesen Namen reserviert.
tg-placed-short = Verfügbar ist gerade { $available }. Bitte lade bis dahin { $missing } auf.
tg-placed-toast = Vorbestellt

## /mybackorders und /cancel

tg-mine-empty = Du hast noch keine Vorbestellungen. Finde Namen mit /search oder bestelle mit <code>/backorder example.com</code> vor.
tg-mine-all = Alle
tg-mine-title = 📋 <b>Deine Vorbestellungen</b> · { $status }: { $total } · Seite { $page } von { $pages }
tg-mine-line = #{ $id } <b>{ $name }</b> · { $status } · { $date } · { $price }
tg-details-title = 📄 <b>{ $name }</b> · Vorbestellung #{ $id }
tg-details-status = Status: { $status }
tg-details-drop = Freigabe: { $date }
tg-details-price = Preis: { $price } (nur bei Erfolg berechnet)
tg-details-held = Von deinem Guthaben reserviert: { $amount }
tg-details-history = <b>Verlauf</b>
tg-details-history-line = • { $date }: { $status }
tg-details-auction = <b>Auktion</b>
tg-cancel-choose = Welche Vorbestellung möchtest du stornieren?
tg-cancel-nothing = Du hast keine Vorbestellung, die sich noch stornieren lässt.
tg-cancel-usage = Schreib <code>/cancel 12</code> (die Nummer der Vorbestellung) oder <code>/cancel example.com</code>.
tg-cancel-no-open = Du hast keine Vorbestellung für { $name }, die sich noch stornieren lässt.
tg-cancel-not-allowed = Die Vorbestellung für { $name } ist im Status „{ $status }“ und lässt sich nicht mehr stornieren.
tg-cancel-confirm = Deine Vorbestellung für <b>{ $name }</b> (#{ $id }) stornieren?
tg-cancel-confirm-held = Deine Vorbestellung für <b>{ $name }</b> (#{ $id }) stornieren? Die dafür reservierten { $amount } gehen zurück in dein verfügbares Guthaben.
tg-cancelled = ❌ Deine Vorbestellung für <b>{ $name }</b> (#{ $id }) ist storniert.
tg-cancelled-released = ❌ Deine Vorbestellung für <b>{ $name }</b> (#{ $id }) ist storniert; { $amount } sind zurück in deinem verfügbaren Guthaben.
tg-cancelled-toast = Storniert

## Auktionen

tg-auction-title = 🔨 <b>{ $name }</b> · Auktion #{ $id }
tg-auction-open = Läuft bis { $ends }.
tg-auction-closed = Beendet { $ends }.
tg-auction-price = Aktueller Preis: { $price } · { $bids ->
        [one] ein Gebot
       *[other] { $bids } Gebote
    } · { $bidders } Bieter
tg-auction-leading = ✅ Du bist Höchstbietender.
tg-auction-behind = ⚠️ Jemand anderes bietet mehr.
tg-auction-won = 🏆 Du hast gewonnen.
tg-auction-lost = Ein anderer Bieter hat gewonnen.
tg-auction-your-max = Dein Höchstgebot: { $max }
tg-auction-next = Dein nächstes Gebot muss mindestens { $amount } betragen.
tg-auction-not-yours = Du nimmst an dieser Auktion nicht teil.
tg-bid-confirm = Bis zu <b>{ $amount }</b> für <b>{ $name }</b> bieten? Dieser Betrag wird bis zum Ende der Auktion von deinem Guthaben reserviert.
tg-bid-ask-max = Schick mir den Höchstbetrag, den du für <b>{ $name }</b> zahlen würdest, in { $currency }, z. B. <code>{ $example }</code>. Du zahlst nur so viel, wie nötig ist, um die anderen zu überbieten.
tg-bid-not-an-amount = Bitte schick einen Betrag wie <code>75</code> oder <code>75,50</code>, oder einen beliebigen Befehl zum Abbrechen.
tg-bid-placed = ✅ Dein Gebot ist abgegeben.
tg-bid-placed-toast = Gebot abgegeben

## /balance, /prices und /topup

tg-balance-title = 💰 <b>Dein Konto</b> (Kundennummer { $customer })
tg-balance-balance = Guthaben: { $amount }
tg-balance-held = Für Vorbestellungen reserviert: { $amount }
tg-balance-unpaid = Offene Rechnungen: { $amount }
tg-balance-available = <b>Verfügbar: { $amount }</b>
tg-prices-title = 🏷 <b>Preis pro erwischtem Namen</b> ({ $currency })
tg-prices-line = .{ $zone }: { $price }
tg-prices-none = Noch werden keine Endungen angeboten. Bitte frag später noch einmal.
tg-prices-note = Du zahlst nur, wenn wir einen Namen erwischen; ein Fehlschlag kostet nichts.
tg-topup-manual = 💳 Zum Aufladen überweise den Betrag in { $currency } an den Anbieter, mit deiner Kundennummer <b>{ $customer }</b> als Verwendungszweck. Der Anbieter schreibt ihn deinem Guthaben gut; /balance zeigt es.
tg-topup-choose = 💳 Wie viel möchtest du aufladen (in { $currency })? Oder schick z. B. <code>/topup 30</code> für einen anderen Betrag.
tg-topup-too-much = Höchstens { $max } pro Zahlung, bitte.
tg-topup-usage = Schick <code>/topup</code> und einen Betrag, z. B. <code>/topup 30</code>.
tg-topup-refused = Diese Zahlung kann nicht angenommen werden. Bitte beginne neu mit /topup.
tg-topup-done = ✅ Danke! { $amount } gutgeschrieben. Jetzt verfügbar: { $available }.
tg-topup-already = Diese Zahlung über { $amount } wurde bereits gutgeschrieben. Jetzt verfügbar: { $available }.
tg-invoice-title = Guthaben aufladen
tg-invoice-description = { $amount } für dein Vorbestellungs-Guthaben (Kundennummer { $customer })
tg-invoice-label = Aufladung

## /watch

tg-watch-saved = 🔔 Alarm #{ $id } gespeichert: { $filters }. { $count ->
        [0] Heute passt kein Name.
        [one] Heute passt ein Name.
       *[other] Heute passen { $count } Namen.
    } Nach jeder Aktualisierung der Liste schicke ich dir die neuen passenden Namen.
tg-watch-none = Du hast noch keine Alarme. Speichere eine Suche, z. B. <code>/watch shop len&lt;=6 zone=com</code>: Nach jeder Aktualisierung der Liste bekommst du die neuen passenden Namen.
tg-watch-title = 🔔 <b>Deine Alarme</b> ({ $count })
tg-watch-line = #{ $id }: { $filters }
tg-watch-usage = Lege einen mit <code>/watch</code> und Suchfiltern an, z. B. <code>/watch shop zone=com</code>.
tg-watch-needs-filter = Gib mindestens einen Filter an: Ein Alarm ohne Filter passt auf die ganze Liste.
tg-watch-no-paging = Alarme nehmen nur Filter: keinen Tag, keine Sortierung, keine Seite.
tg-watch-too-many = Du hast schon { $max } Alarme, mehr geht nicht. Lösche zuerst einen (/watch).
tg-watch-removed = Alarm #{ $id } gelöscht
tg-watch-gone = Alarm #{ $id } war schon gelöscht

## /profile

tg-profile-intro = 👤 Die Registrierungsstelle braucht deine Angaben als Inhaber jedes Namens, den wir für dich erwischen. Ich frage sie einzeln ab; du kannst jederzeit abbrechen.
tg-profile-step = Schritt { $step } von { $steps }
tg-profile-edit-field = Schick mir den neuen Wert.
tg-profile-title = 👤 <b>Deine Inhaberdaten</b>
tg-profile-line = { $field }: { $value }
tg-profile-edit-hint = Tippe auf ein Feld, um es zu ändern.
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
tg-profile-ask-firstName = Dein <b>Vorname</b>?
tg-profile-ask-lastName = Dein <b>Nachname</b>?
tg-profile-ask-organization = Deine <b>Organisation</b>, falls die Namen für eine Firma sind (oder leer lassen)?
tg-profile-ask-street = Deine <b>Straße und Hausnummer</b>?
tg-profile-ask-city = Dein <b>Ort</b>?
tg-profile-ask-state = Dein <b>Bundesland oder deine Region</b> (oder leer lassen)?
tg-profile-ask-zip = Deine <b>Postleitzahl</b>?
tg-profile-ask-country = Dein <b>Land</b> als Kürzel aus zwei Buchstaben, z. B. <code>DE</code> oder <code>AT</code>?
tg-profile-ask-phone = Deine <b>Telefonnummer</b> mit Ländervorwahl, z. B. <code>+49.301234567</code> oder <code>+49 30 1234567</code>?
tg-profile-ask-email = Deine <b>E-Mail-Adresse</b>?
tg-profile-invalid-firstName = Diesen Vornamen kann ich nicht verwenden: 1 bis 64 Zeichen, bitte.
tg-profile-invalid-lastName = Diesen Nachnamen kann ich nicht verwenden: 1 bis 64 Zeichen, bitte.
tg-profile-invalid-organization = Diese Organisation kann ich nicht verwenden: höchstens 128 Zeichen, bitte.
tg-profile-invalid-street = Diese Straße kann ich nicht verwenden: 1 bis 255 Zeichen, bitte.
tg-profile-invalid-city = Diesen Ort kann ich nicht verwenden: 1 bis 64 Zeichen, bitte.
tg-profile-invalid-state = Dieses Bundesland kann ich nicht verwenden: höchstens 64 Zeichen, bitte.
tg-profile-invalid-zip = Diese Postleitzahl kann ich nicht verwenden: 1 bis 16 Zeichen, bitte.
tg-profile-invalid-country = Das ist kein Länderkürzel: zwei Buchstaben, z. B. DE, AT, CH oder US.
tg-profile-invalid-phone = Diese Telefonnummer kann ich nicht verwenden: erst die Ländervorwahl, dann die Nummer, z. B. +49 30 1234567.
tg-profile-invalid-email = Das ist keine E-Mail-Adresse.

## /language und alles andere

tg-language-choose = 🌐 Welche Sprache möchtest du?
tg-language-set = ✅ Ab jetzt spreche ich Deutsch mit dir.
tg-rate-limited = ⏳ Das ist viel auf einmal. Bitte warte { $seconds } Sekunden und versuche es dann noch einmal.
tg-private-only = Bitte schreib mir in einem privaten Chat: Deine Vorbestellungen und dein Guthaben sind nur für dich.
tg-unknown-command = Den Befehl { $command } kenne ich nicht. /help zeigt, was ich kann.
tg-fallback = Das habe ich nicht verstanden. Versuch es mit <code>/search shop</code> oder wähle unten etwas aus.
tg-fallback-domain = Möchtest du <b>{ $name }</b> vorbestellen oder nach ähnlichen Namen suchen?
