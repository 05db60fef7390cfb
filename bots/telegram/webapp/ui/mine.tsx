import { useEffect, useState } from 'preact/hooks';
import { api, type Backorder } from './api.ts';
import { Dialog } from './dialog.tsx';
import { PriceAndActionHeads, RowAction } from './table-parts.tsx';
import { escapeHtml, problemText, utc, type Words } from './words.ts';

// The customer's backorders: status, drop time and the last moment to cancel; Cancel asks first.

export function MineView(props: {
  w: Words;
  notify: (html: string) => void;
  onChange: () => void;
  version: number;
}) {
  const { w } = props;
  const [items, setItems] = useState<Backorder[] | undefined>();
  const [cancelling, setCancelling] = useState<Backorder | undefined>();
  useEffect(() => {
    api.backorders().then(
      (r) => setItems(r.items),
      (e: unknown) => props.notify(escapeHtml(problemText(e, w))),
    );
  }, [props.version]);

  const cancel = async (b: Backorder) => {
    try {
      props.notify((await api.cancel(b.id)).message);
    } catch (e) {
      props.notify(escapeHtml(problemText(e, w)));
    }
    props.onChange();
  };

  return (
    <section aria-labelledby="mine-title">
      <h2 id="mine-title" class="sr-only">
        {w('tab-mine')}
      </h2>
      {items === undefined ? (
        <p>{w('loading')}</p>
      ) : items.length === 0 ? (
        <p class="none">{w('mine-none')}</p>
      ) : (
        <div class="table">
          <table>
            <thead>
              <tr>
                <th class="plain">{w('col-name')}</th>
                <th class="plain">{w('col-status')}</th>
                <th class="plain">{w('col-drop')}</th>
                <th class="plain">{w('col-deadline')}</th>
                <PriceAndActionHeads w={w} />
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.id} data-id={b.id}>
                  <td class="name">
                    {b.display} <span class="hint">#{b.id}</span>
                  </td>
                  <td class="status" data-label={w('col-status')}>
                    {b.statusText}
                  </td>
                  <td data-label={w('col-drop')}>{utc(b.dropAt, w)}</td>
                  <td data-label={w('col-deadline')}>{utc(b.finalizesAt, w)}</td>
                  <td data-label={w('col-price')}>{b.price.text}</td>
                  <td class="actions">
                    {b.cancellable && (
                      <RowAction label={w('cancel')} name={b.display} onClick={() => setCancelling(b)} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cancelling && (
        <Dialog label={w('cancel')} onClose={() => setCancelling(undefined)}>
          <p>
            {cancelling.held
              ? w('confirm-cancel-held', {
                  name: cancelling.display,
                  id: cancelling.id,
                  amount: cancelling.held.text,
                })
              : w('confirm-cancel', { name: cancelling.display, id: cancelling.id })}
          </p>
          <form method="dialog" class="choices">
            <button type="submit" class="danger" onClick={() => cancel(cancelling)}>
              {w('yes-cancel')}
            </button>
            <button type="submit">{w('keep')}</button>
          </form>
        </Dialog>
      )}
    </section>
  );
}
