import type { Words } from './words.ts';

// Pieces both tables share.

/** A button in a table row, named for the row's name to a screen reader ("Cancel example.com"). */
export function RowAction(props: { label: string; name: string; onClick: () => void }) {
  return (
    <button type="button" onClick={props.onClick} aria-label={`${props.label} ${props.name}`}>
      {props.label}
    </button>
  );
}

/** The last two column heads: the price, and the row's buttons (named for screen readers only). */
export function PriceAndActionHeads(props: { w: Words }) {
  return (
    <>
      <th class="plain">{props.w('col-price')}</th>
      <th class="plain">
        <span class="sr-only">{props.w('col-actions')}</span>
      </th>
    </>
  );
}
