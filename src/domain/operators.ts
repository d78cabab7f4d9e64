// Operators of the mediation centre: the ids in OPERATOR_IDS (bootstrap) plus those other operators added.

export interface OperatorRepository {
  /** Operators added through the bot (not those from configuration). */
  listAdded(): Promise<bigint[]>;
  isAdded(telegramId: bigint): Promise<boolean>;
  add(telegramId: bigint, addedByUserId: number): Promise<boolean>;
  remove(telegramId: bigint): Promise<boolean>;
}

export interface AuditRepository {
  record(entry: { actorId: number | null; action: string; targetType: string; targetId: string; details?: Record<string, unknown> }, now: Date): Promise<void>;
  latest(limit: number): Promise<Array<{ actorId: number | null; action: string; targetType: string; targetId: string; details: string | null; createdAt: Date }>>;
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
