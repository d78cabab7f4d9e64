// What webhook mode needs from the database to run on several instances at once (implemented in
// src/db/repositories/processed-update-repository.ts and lease-repository.ts):
//   - a claim per Telegram update_id, so a redelivered update, or one that reached two instances, is
//     handled at most once;
//   - short exclusive leases on a key (one chat), so that a chat's updates are handled one at a time
//     across instances and a conversation step stored in the database is never overwritten by a parallel one.

export interface ProcessedUpdateRepository {
  /** True for exactly one caller per update id, on any number of instances; false when it was taken before. */
  claim(updateId: number, instance: string, now: Date): Promise<boolean>;
  /** Forgets claims older than `before` (Telegram stops redelivering an update after a day); returns how many. */
  pruneBefore(before: Date): Promise<number>;
}

export interface LeaseRepository {
  /** True when `holder` now holds `key` until `until`: it was free, expired at `now`, or already held by `holder`. */
  acquire(key: string, holder: string, now: Date, until: Date): Promise<boolean>;
  /** Extends a lease this holder still holds; false when it lapsed and someone else took it. */
  renew(key: string, holder: string, until: Date): Promise<boolean>;
  /** Gives the key back (only if this holder still holds it). */
  release(key: string, holder: string): Promise<void>;
}
