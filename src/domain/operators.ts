// Operators of the mediation centre: the ids in OPERATOR_IDS (bootstrap) plus those other operators added.

export interface OperatorRepository {
  /** Operators added through the bot (not those from configuration). */
  listAdded(): Promise<bigint[]>;
  isAdded(telegramId: bigint): Promise<boolean>;
  add(telegramId: bigint, addedByUserId: number): Promise<boolean>;
  remove(telegramId: bigint): Promise<boolean>;
}

export interface AuditEntryView {
  actorId: number | null;
  actor: { firstName: string; telegramId: bigint } | null;
  action: string;
  targetType: string;
  targetId: string;
  /** JSON text, e.g. {"reason":"…"}. */
  details: string | null;
  createdAt: Date;
}

export interface AuditRepository {
  record(entry: { actorId: number | null; action: string; targetType: string; targetId: string; details?: Record<string, unknown> }, now: Date): Promise<void>;
  /** Newest first, with who acted (their first name and Telegram id) so the log reads without more lookups. */
  latest(limit: number): Promise<AuditEntryView[]>;
}

/** Who counts as an operator: configuration first, then the table. */
export function createOperatorDirectory(configured: readonly number[], repository: OperatorRepository) {
  const fixed = new Set(configured.map((id) => BigInt(id)));
  return {
    isConfigured: (telegramId: bigint) => fixed.has(telegramId),
    async isOperator(telegramId: bigint): Promise<boolean> {
      return fixed.has(telegramId) || (await repository.isAdded(telegramId));
    },
    async all(): Promise<bigint[]> {
      const added = await repository.listAdded();
      return [...new Set([...fixed, ...added])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    },
  };
}
export type OperatorDirectory = ReturnType<typeof createOperatorDirectory>;
