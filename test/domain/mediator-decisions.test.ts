import { describe, expect, it } from "vitest";
import type { MediatorProfile, MediatorRepository, MediatorStatus } from "../../src/domain/mediator.js";
import { checkReason, decideMediator, decisionsFor } from "../../src/domain/mediator-decisions.js";
import { addOperator, parseTelegramId, removeOperator } from "../../src/domain/operator-team.js";
import { createOperatorDirectory, type AuditRepository, type OperatorRepository } from "../../src/domain/operators.js";

const NOW = new Date("2026-03-14T06:00:00Z");

function profile(id: number, status: MediatorStatus): MediatorProfile {
  return {
    id, userId: 10 + id, telegramId: BigInt(100 + id), status, paused: false, decisionReason: null, createdAt: NOW,
    fullName: "Serik", kind: "public", registryNumber: null, rayonCodes: ["akmola.burabay"], languages: ["kk"], specializations: ["family"],
    modes: ["phone"], maxOpenCases: 3, phone: "+77011234567", bio: "",
  };
}

/** In-memory mediators whose changeStatus is conditional, like the database's. */
function fakeMediators(rows: MediatorProfile[]): MediatorRepository {
  return {
    apply: async () => { throw new Error("not used"); },
    findByUserId: async () => null,
    findById: async (id) => rows.find((r) => r.id === id) ?? null,
    listByStatus: async (status) => rows.filter((r) => r.status === status),
    async changeStatus(id, from, to, reason) {
      const row = rows.find((r) => r.id === id);
      if (!row || !from.includes(row.status)) return null;
      Object.assign(row, { status: to, decisionReason: reason });
      return { mediator: { ...row }, withdrawnOffers: [] };
    },
    setPaused: async () => undefined,
  };
}

/** Operators are Telegram ids 1005 and 1006 (user rows 5 and 6); anyone else is refused. */
const operators = { isOperator: async (telegramId: bigint) => telegramId === 1005n || telegramId === 1006n };
const op = (userId: number) => ({ userId, telegramId: BigInt(1000 + userId) });

function fakeAudit() {
  const entries: Array<Parameters<AuditRepository["record"]>[0]> = [];
  const audit: AuditRepository = { record: async (entry) => void entries.push(entry), latest: async () => [] };
  return { audit, entries };
}

describe("mediator decisions", () => {
  it("offers the decisions that apply to each status", () => {
    expect(decisionsFor("pending")).toEqual(["approve", "reject"]);
    expect(decisionsFor("active")).toEqual(["suspend"]);
    expect(decisionsFor("suspended")).toEqual(["reactivate"]);
    expect(decisionsFor("rejected")).toEqual([]);
  });

  it("applies a decision once and audits it; a second one finds it already decided and records nothing", async () => {
    const { audit, entries } = fakeAudit();
    const deps = { mediators: fakeMediators([profile(1, "pending")]), audit, operators };
    const [a, b] = await Promise.all([
      decideMediator(deps, { actor: op(5), mediatorId: 1, decision: "reject", reason: "No certificate" }, NOW),
      decideMediator(deps, { actor: op(6), mediatorId: 1, decision: "approve", reason: null }, NOW),
    ]);
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, problem: "already-decided", mediator: { status: "rejected" } });
    expect(entries).toEqual([{ actorId: 5, action: "mediator.reject", targetType: "mediator", targetId: "1", details: { reason: "No certificate" } }]);
    expect(await decideMediator(deps, { actor: op(5), mediatorId: 99, decision: "approve", reason: null }, NOW)).toEqual({ ok: false, problem: "not-found", mediator: null });
  });

  it("keeps no reason for decisions that take none, and insists on one for rejecting", async () => {
    const { audit, entries } = fakeAudit();
    const deps = { mediators: fakeMediators([profile(1, "suspended"), profile(2, "pending")]), audit, operators };
    const result = await decideMediator(deps, { actor: op(5), mediatorId: 1, decision: "reactivate", reason: "ignored" }, NOW);
    expect(result).toMatchObject({ ok: true, mediator: { status: "active", decisionReason: null } });
    expect(entries[0]?.details).toBeUndefined();
    await expect(decideMediator(deps, { actor: op(5), mediatorId: 2, decision: "reject", reason: null }, NOW)).rejects.toThrow(/needs a reason/);
  });

  it("refuses a decision by someone who is not an operator, before anything changes (I2)", async () => {
    const { audit, entries } = fakeAudit();
    const rows = [profile(1, "active")];
    const deps = { mediators: fakeMediators(rows), audit, operators };
    await expect(decideMediator(deps, { actor: op(7), mediatorId: 1, decision: "suspend", reason: "x" }, NOW)).rejects.toMatchObject({ code: "NOT_OPERATOR" });
    expect(rows[0]!.status).toBe("active");
    expect(entries).toEqual([]);
  });

  it("checks a typed reason: trimmed, not empty, at most 300 characters (letters, not bytes)", () => {
    expect(checkReason("  Нет сертификата ")).toEqual({ ok: true, reason: "Нет сертификата" });
    expect(checkReason("   ")).toEqual({ ok: false, problem: "empty" });
    expect(checkReason("ә".repeat(300))).toEqual({ ok: true, reason: "ә".repeat(300) });
    expect(checkReason("x".repeat(301))).toEqual({ ok: false, problem: "too-long" });
  });
});

describe("operator team", () => {
  function team(configured: number[], added: bigint[] = []) {
    const rows = new Set(added);
    const operatorRepository: OperatorRepository = {
      listAdded: async () => [...rows],
      isAdded: async (id) => rows.has(id),
      add: async (id) => (rows.has(id) ? false : (rows.add(id), true)),
      remove: async (id) => rows.delete(id),
    };
    const { audit, entries } = fakeAudit();
    return { deps: { operators: createOperatorDirectory(configured, operatorRepository), operatorRepository, audit }, entries, rows };
  }

  it("reads a Telegram id as typed digits only", () => {
    expect(parseTelegramId(" 7601 ")).toBe(7601n);
    for (const text of ["", "0", "-5", "12ab", "1.5", "0123", "99999999999999999"]) expect(parseTelegramId(text)).toBeNull();
  });

  it("adds once and audits it; an existing operator is 'already' and nothing is recorded", async () => {
    const { deps, entries } = team([7001]);
    expect(await addOperator(deps, { userId: 1 }, 7601n, NOW)).toBe("added");
    expect(await addOperator(deps, { userId: 1 }, 7601n, NOW)).toBe("already-operator");
    expect(await addOperator(deps, { userId: 1 }, 7001n, NOW)).toBe("already-operator");
    expect(entries).toEqual([{ actorId: 1, action: "operator.add", targetType: "operator", targetId: "7601" }]);
  });

  it("never removes a configured operator or oneself", async () => {
    const { deps, entries, rows } = team([7001], [7601n, 7602n]);
    expect(await removeOperator(deps, { userId: 2, telegramId: 7601n }, 7001n, NOW)).toBe("configured");
    expect(await removeOperator(deps, { userId: 2, telegramId: 7601n }, 7601n, NOW)).toBe("self");
    expect(await removeOperator(deps, { userId: 2, telegramId: 7601n }, 7602n, NOW)).toBe("removed");
    expect(await removeOperator(deps, { userId: 2, telegramId: 7601n }, 7602n, NOW)).toBe("not-operator");
    expect([...rows]).toEqual([7601n]);
    expect(entries.map((e) => e.action)).toEqual(["operator.remove"]);
  });
});
