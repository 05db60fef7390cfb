import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Me } from './api.ts';
import { MineView } from './mine.tsx';
import { SearchView } from './search.tsx';
import { applyTheme, postEvent, reportedLanguage } from './telegram.ts';
import './app.css';
import { escapeHtml, problemText, wordsFor } from './words.ts';

// The Mini App: the customer's balance on top, then the search or their backorders. Everything it
// shows comes from /app/api/ as the signed-in Telegram user.

function App() {
  const [me, setMe] = useState<Me | undefined>();
  const [tab, setTab] = useState<'search' | 'mine'>('search');
  const [notice, setNotice] = useState('');
  const [version, setVersion] = useState(0);
  const w = wordsFor(me?.language ?? reportedLanguage() ?? 'en');
  const changed = () => setVersion((v) => v + 1);
  useEffect(() => {
    api.me().then(setMe, (e: unknown) => setNotice(escapeHtml(problemText(e, w))));
  }, [version]);
  useEffect(() => {
    document.documentElement.lang = me?.language ?? 'en';
  }, [me]);

  return (
    <main>
      <header>
        <h1>{w('title')}</h1>
        <p class="balance" aria-live="polite">
          {me ? w('balance', { available: me.available.text, held: me.held.text }) : '\u00a0'}
        </p>
        <div class="tabs" role="tablist">
          {(['search', 'mine'] as const).map((t) => (
            <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
              {w(t === 'search' ? 'tab-search' : 'tab-mine')}
            </button>
          ))}
        </div>
      </header>
      {/* The API's messages are the bot's, every value in them escaped by the server. */}
      <output class="notice" dangerouslySetInnerHTML={{ __html: notice }} />
      {tab === 'search' ? (
        <SearchView w={w} notify={setNotice} onChange={changed} />
      ) : (
        <MineView w={w} notify={setNotice} onChange={changed} version={version} />
      )}
    </main>
  );
}

applyTheme();
render(<App />, document.getElementById('app')!);
postEvent('web_app_ready');
postEvent('web_app_expand');
