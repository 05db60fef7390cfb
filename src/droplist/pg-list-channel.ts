// What a PostgreSQL import tells the other processes (NOTIFY on one channel), so that each can have
// its search index of the new list ready when it goes live instead of starting once it has:
//   `next <oid>`    the new list is complete in its own table (oid), not yet the live one;
//   `listed <oid>`  that table is now the live list (sent by the swap's transaction, at its commit).
// A table's oid names the list it holds: the importer never changes a table it has swapped in.

export const LIST_CHANNEL = 'backorder_drop_list';

export interface ListEvent {
  kind: 'next' | 'listed';
  table: number;
}

export const listPayload = (e: ListEvent): string => `${e.kind} ${e.table}`;

export function parseListPayload(payload: string | undefined): ListEvent | undefined {
  const m = /^(next|listed) (\d+)$/.exec(payload ?? '');
  return m ? { kind: m[1] as ListEvent['kind'], table: Number(m[2]) } : undefined;
}
