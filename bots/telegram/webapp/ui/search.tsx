import { useEffect, useState } from 'preact/hooks';
import { api, type Results, type Row } from './api.ts';
import { DaysChart } from './chart.tsx';
import { Dialog } from './dialog.tsx';
import { PriceAndActionHeads, RowAction } from './table-parts.tsx';
import { escapeHtml, type Key, problemText, utc, type Words } from './words.ts';

// The search: the form's filters, a sortable and paged table of names, and the chart of the next
// drop days under the same filters. Backorder asks first, with the kinds and prices the zone has;
// Watch keeps an alert for the name.

interface Form {
  keyword: string;
  zones: string;
  minLength: string;
  maxLength: string;
  noDigits: boolean;
  noHyphens: boolean;
  from: string;
  to: string;
}
type Sort = 'dropAt' | 'fqdn' | 'length';

type TextField = 'keyword' | 'zones' | 'minLength' | 'maxLength' | 'from' | 'to';
/** the form's inputs: name, label, attributes, placeholder */
const TEXT_FIELDS: Array<[TextField, Key, object, Key?]> = [
  ['keyword', 'keyword', { maxLength: 63 }, 'keyword-hint'],
  ['zones', 'zones', { maxLength: 300 }, 'zones-hint'],
  ['minLength', 'min-length', { type: 'number', min: 1, max: 63 }],
  ['maxLength', 'max-length', { type: 'number', min: 1, max: 63 }],
  ['from', 'from', { type: 'date' }],
  ['to', 'to', { type: 'date' }],
];
const FLAGS: Array<['noDigits' | 'noHyphens', Key]> = [
  ['noDigits', 'no-digits'],
  ['noHyphens', 'no-hyphens'],
];

const EMPTY: Form = {
  keyword: '',
  zones: '',
  minLength: '',
  maxLength: '',
  noDigits: false,
  noHyphens: false,
  from: '',
  to: '',
};

function paramsOf(f: Form, sort?: { by: Sort; order: 'asc' | 'desc'; page: number }): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ['keyword', 'zones', 'minLength', 'maxLength', 'from', 'to'] as const)
    if (f[k].trim()) p.set(k, f[k].trim());
  if (f.noDigits) p.set('noDigits', '1');
  if (f.noHyphens) p.set('noHyphens', '1');
  if (sort) {
    p.set('sort', sort.by);
    p.set('order', sort.order);
    p.set('page', String(sort.page));
  }
  return p;
}

export function SearchView(props: { w: Words; notify: (html: string) => void; onChange: () => void }) {
  const { w } = props;
  const [form, setForm] = useState<Form>(EMPTY);
  const [asked, setAsked] = useState<Form>(EMPTY);
  const [sort, setSort] = useState<{ by: Sort; order: 'asc' | 'desc' }>({ by: 'dropAt', order: 'asc' });
  const [page, setPage] = useState(1);
  const [results, setResults] = useState<Results | undefined>();
  const [days, setDays] = useState<Array<{ date: string; count: number }>>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [placing, setPlacing] = useState<Row | undefined>();

  useEffect(() => {
    setBusy(true);
    api
      .search(paramsOf(asked, { ...sort, page }))
      .then((r) => {
        setResults(r);
        setProblem('');
      })
      .catch((e: unknown) => setProblem(problemText(e, w)))
      .finally(() => setBusy(false));
  }, [asked, sort, page]);
  useEffect(() => {
    api.days(paramsOf(asked)).then(
      (r) => setDays(r.days),
      () => setDays([]),
    );
  }, [asked]);

  const field = (k: keyof Form) => (e: Event) => {
    const t = e.currentTarget as HTMLInputElement;
    setForm({ ...form, [k]: t.type === 'checkbox' ? t.checked : t.value });
  };
  const sortBy = (by: Sort) => {
    setSort({ by, order: sort.by === by && sort.order === 'asc' ? 'desc' : 'asc' });
    setPage(1);
  };
  const header = (by: Sort, label: string) => (
    <th aria-sort={sort.by === by ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" onClick={() => sortBy(by)}>
        {label} {sort.by === by ? (sort.order === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );
  const act = async (run: () => Promise<{ message: string }>) => {
    try {
      props.notify((await run()).message);
      props.onChange();
    } catch (e) {
      props.notify(escapeHtml(problemText(e, w)));
    }
  };
  const pages = results ? Math.max(1, Math.ceil(results.total / results.pageSize)) : 1;

  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title" class="sr-only">
        {w('tab-search')}
      </h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(form);
          setPage(1);
        }}
      >
        {TEXT_FIELDS.map(([name, key, attrs, hint]) => (
          <label key={name}>
            {w(key)}
            <input
              name={name}
              value={form[name]}
              onInput={field(name)}
              {...attrs}
              {...(hint ? { placeholder: w(hint) } : {})}
            />
          </label>
        ))}
        {FLAGS.map(([name, key]) => (
          <label key={name} class="check">
            <input name={name} type="checkbox" checked={form[name]} onChange={field(name)} />
            {w(key)}
          </label>
        ))}
        <button type="submit" class="primary">
          {w('search')}
        </button>
      </form>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <DaysChart days={days} w={w} />
      <p class="summary" aria-live="polite">
        {results
          ? `${w('results', { total: results.total })} · ${w('page', { page: results.page, pages })}`
          : w('loading')}
      </p>
      <div class="table" aria-busy={busy}>
        <table>
          <thead>
            <tr>
              {header('fqdn', w('col-name'))}
              {header('dropAt', w('col-drop'))}
              {header('length', w('col-length'))}
              <PriceAndActionHeads w={w} />
            </tr>
          </thead>
          <tbody>
            {results?.items.map((r) => (
              <tr key={r.fqdn}>
                <td class="name">{r.display}</td>
                <td data-label={w('col-drop')}>{utc(r.dropAt, w)}</td>
                <td class="num" data-label={w('col-length')}>
                  {r.length}
                </td>
                <td data-label={w('col-price')}>{r.price ? r.price.text : w('not-offered')}</td>
                <td class="actions">
                  {r.price && (
                    <RowAction label={w('backorder')} name={r.display} onClick={() => setPlacing(r)} />
                  )}
                  <RowAction
                    label={w('watch')}
                    name={r.display}
                    onClick={() => act(() => api.watch(r.fqdn))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {results && results.total === 0 && <p class="none">{w('none')}</p>}
      </div>
      <nav class="pager">
        <button type="button" disabled={page <= 1 || busy} onClick={() => setPage(page - 1)}>
          {w('prev')}
        </button>
        <button type="button" disabled={page >= pages || busy} onClick={() => setPage(page + 1)}>
          {w('next')}
        </button>
      </nav>
      {placing && (
        <Dialog label={w('backorder')} onClose={() => setPlacing(undefined)}>
          <p>
            {w('confirm-place', {
              name: placing.display,
              date: utc(placing.dropAt, w),
              deadline: utc(placing.finalizesAt, w),
            })}
          </p>
          <form method="dialog" class="choices">
            <button type="submit" class="primary" onClick={() => act(() => api.place(placing.fqdn, false))}>
              {w('regular', { price: placing.price!.text })}
            </button>
            {placing.lite && (
              <button type="submit" onClick={() => act(() => api.place(placing.fqdn, true))}>
                {w('lite', { price: placing.lite.text })}
              </button>
            )}
            <button type="submit">{w('close')}</button>
          </form>
        </Dialog>
      )}
    </section>
  );
}
