// The port through which a drop list arrives. A source yields the list's lines a batch at a time
// (what one read of the file or one page of an API held) and never holds the whole file in memory:
// the real list has hundreds of thousands of rows. Batches, not single lines: an async iteration
// step per line took a million-line import 0.3-0.45 s, one per 64 KB read of the file 0.1-0.2 s.

export interface DropListSource {
  /** Where the list comes from, for the import record and the audit log (never a secret). */
  readonly name: string;
  /**
   * Opens the list. Fails with DomainError('IMPORT_FAILED') when it cannot be had at all (HTTP
   * error, not a CSV or ZIP, ZIP without a CSV); a failure while streaming surfaces from the
   * iteration instead. Stopping the iteration early releases what the source holds.
   */
  open(): Promise<AsyncIterable<string[]>>;
}
