// Fuzzing the real bot (startFlow, SQLite) with a few thousand seeded random updates of every kind: texts
// (huge, unicode, RTL, emoji, zero-width, entities, commands with odd payloads), media, contacts of other
// people, edited messages, callback queries with random, mutated and forged data (ids of other people's
// requests, offers, appointments, mediators), inline queries, membership changes, join requests, group and
// channel posts, polls, reactions… from a citizen with a request, a mediator with a case, a stranger and
// a newcomer. Then: no unhandled rejection, no "unhandled bot error" in the log, nothing personal in the
// log, the bot still answers /start, and the rows of two people who never took part (a citizen and the
// mediator of their case) and everything only operators may change are exactly as before.
// Between the waves, scripted people do what the security review looked at (F1, L2, L5, Q1, D1): an operator
// suspends a mediator (ops:<id> + reason), people join through register links (the register's phone, another
// phone, a forged code, a used code), claim requests (valid, expired, forged, used) and ask questions through
// an invitation link past its cap. Afterwards: a suspended mediator has no request they did not have when
// suspended, each join link made one mediator of the right status, only valid unexpired claims moved, the
// link's question counts stay within the caps, and deep-link rows exist only for valid links, once per person.
// FUZZ_SEED and FUZZ_UPDATES override the seed (printed) and the number of updates.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/client.js";
import { createAppointmentRepository } from "../../src/db/repositories/appointment-repository.js";
import { createAssistedRequestRepository } from "../../src/db/repositories/assisted-request-repository.js";
import { createInvitationRepository } from "../../src/db/repositories/invitation-repository.js";
import { generateLinkCode } from "../../src/domain/deep-link.js";
import { createLogger } from "../../src/logger.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { startFlow, type Flow } from "../support/flow.js";
import { activeMediator } from "../support/mediators.js";
import { draft, startedUser, submitRequest } from "../support/requests.js";
import { random, type Random } from "./random.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const UPDATES = Number(process.env.FUZZ_UPDATES ?? 3000);
const NOW = new Date("2026-11-25T06:00:00Z");

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

/** A pino destination that keeps every line. */
function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger("debug", stream) };
}

/** Everything the fuzzing people must not be able to change: the victims' rows and the operators' domain. */
async function snapshot(prisma: PrismaClient, victims: { citizenUserId: number; mediatorUserId: number; mediatorId: number }) {
  const requestIds = (await prisma.mediationRequest.findMany({ where: { citizenId: victims.citizenUserId }, select: { id: true } })).map((r) => r.id);
  const byRequest = { where: { requestId: { in: requestIds } }, orderBy: { id: "asc" as const } };
  const data = {
    users: await prisma.user.findMany({ where: { id: { in: [victims.citizenUserId, victims.mediatorUserId] } }, orderBy: { id: "asc" } }),
    requests: await prisma.mediationRequest.findMany({ where: { id: { in: requestIds } }, orderBy: { id: "asc" } }),
    history: await prisma.requestStatusChange.findMany(byRequest),
    offers: await prisma.offer.findMany(byRequest),
    appointments: await prisma.appointment.findMany(byRequest),
    reminders: await prisma.reminder.findMany(byRequest),
    mediator: await prisma.mediator.findUnique({ where: { id: victims.mediatorId } }),
    mediatorRayons: await prisma.mediatorRayon.findMany({ where: { mediatorId: victims.mediatorId } }),
    operators: await prisma.operator.findMany({ orderBy: { telegramId: "asc" } }),
    audit: await prisma.auditEntry.findMany({ orderBy: { id: "asc" } }),
    broadcasts: await prisma.broadcast.findMany({ orderBy: { id: "asc" } }),
    deliveries: await prisma.broadcastDelivery.count(),
  };
  return JSON.parse(JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

/** Sum of kelisim_updates_total over every kind: how many updates the bot has finished. */
async function handledUpdates(f: Flow): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${f.app.healthPort}/metrics`)).text();
  return text.split("\n").filter((l) => l.startsWith("kelisim_updates_total{")).reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
}

const COMMANDS = ["/start", "/help", "/menu", "/about", "/language", "/request", "/myrequests", "/mydata", "/deletedata", "/cancel", "/mediator", "/cases", "/pause", "/resume", "/operator", "/applications", "/mediators", "/operators", "/audit", "/broadcast", "/stats", "/unknown"];
const START_PAYLOADS = ["inv_ABCDEFGH", "inv_", "r_akmola.burabay", "r_999999999", "r_", "claim_XYZ", "m_1", "m_", "<script>", "a".repeat(64), "%00", "ru", "🇰🇿"];
const ALPHABETS = [
  "abcdefghijklmnopqrstuvwxyz ", "абвгдежзийклмнопрстуфхцчшщъыьэюя ", "әғқңөұүһі ӘҒҚҢӨҰҮҺІ", "مرحبا بالعالم ", "שלום עולם ", "😀🐄🏡⚖️👩‍👩‍👧‍👦🇰🇿 ",
  "\u200b\u200c\u200d\u2060\ufeff\u202e\u202d", "0123456789+()- ", "<>&\"'`*_[]~|\\{}", "\u0000\u0001\u001f\u007f", "\ud83d", "𝕂𝕖𝕝𝕚𝕤𝕚𝕞 ",
];
/** A marker in many fuzz texts: it must never reach the log. */
const MARKER = "ФАЗЗ-жеке-дерек";

function randomText(r: Random): string {
  switch (r.int(8)) {
    case 0: return r.pick(COMMANDS);
    case 1: return `/start ${r.pick(START_PAYLOADS)}`;
    // Telegram caps texts at 4096 characters; a few far longer ones (10–20k) test that nothing trusts that.
    case 2: return `${MARKER} ${"Көршінің сиыры бидайымды таптап кетті. ".repeat(r.chance(0.2) ? 250 + r.int(300) : 100)}`;
    case 3: return r.pick(["+7 701 234 56 78", "87012345678", "+1 555 0100", "7".repeat(30), "Айгүл Серікқызы", "A", " ", "\n\n"]);
    case 4: return `${r.pick(COMMANDS)}${r.pick(["@kelisim_bot", "@other_bot", " extra", "\u200b", ""])}`;
    default: {
      const alphabet = r.pick(ALPHABETS);
      const length = r.int(r.chance(0.1) ? 5000 : 80) + 1;
      let out = r.chance(0.3) ? `${MARKER} ` : "";
      for (let i = 0; i < length; i++) out += alphabet[r.int(alphabet.length)] ?? "";
      return out;
    }
  }
}

const DAY = 86_400_000;
const SCRIPTED_ORDER = [
  "suspend", "join:register-phone", "claim:valid", "question", "join:other-phone", "claim:expired", "join:forged", "claim:forged",
  "question", "join:used", "claim:used", "question",
] as const;

/**
 * The scripted people and what they may legitimately change. One operation per wave: the operator suspends
 * a pool mediator, someone joins through a register link (register phone, other phone, forged, used), claims
 * a request (valid, expired, forged, used) or asks a question through an invitation link (within and past
 * the cap). Each step is one update, and the bot is let finish it before the next.
 */
async function scriptedPeople(f: Flow, options: { rs: Random; notVictim: number }) {
  const prisma = f.app.db.prisma;
  const rs = options.rs;
  let steps = 0;
  let settle: () => Promise<void> = async () => undefined;
  const step = async (action: () => Promise<void>) => {
    await action();
    steps++;
    await settle();
  };
  let nextPerson = 10_001;
  const person = async () => {
    const id = nextPerson++;
    const user = f.emu.user({ id, first_name: `P${id}`, language_code: "en", phone_number: `+7705${String(id).padStart(7, "0")}` });
    return { user, id, userId: await startedUser(prisma, user) };
  };

  // The operator, and mediators they may suspend (never the victims), each with an offer to try to accept.
  const operator = f.emu.user({ id: 9900, first_name: "Operator", language_code: "en" });
  const operatorUserId = await startedUser(prisma, operator);
  const pool: Array<{ user: EmulatedUser; mediatorId: number; userId: number }> = [];
  for (let i = 0; i < 3; i++) {
    const m = await activeMediator(f, { id: 9701 + i, name: `Pool${i}`, locale: "en" }, { rayonCodes: ["abai.ayagoz"] });
    pool.push({ ...m, userId: (await prisma.mediator.findUniqueOrThrow({ where: { id: m.mediatorId } })).userId });
  }
  const poolCitizen = await person();
  for (let i = 0; i < 3; i++) {
    const request = await submitRequest(prisma, poolCitizen.userId, NOW, { rayonCode: "abai.ayagoz", description: { kind: "text", text: `Pool case ${i}` } });
    await f.app.matchmaker.offerNext(request.id, NOW);
  }
  const suspended = new Map<number, number[]>();

  // Register links: each either joined by the register's phone, by another phone, or left alone.
  const invites = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
    const code = generateLinkCode();
    const phone = `+7701777000${i}`;
    await prisma.mediatorInvite.create({ data: {
      code, fullName: `Register Person ${i}`, phone, kind: "public", registryNumber: null, rayonCodes: "akmola.burabay", languages: "kk",
      specializations: "family", modes: "in_person", maxOpenCases: 3, status: "waiting", expiresAt: new Date(NOW.getTime() + 30 * DAY),
    } });
    return { code, phone, outcome: "waiting" as "waiting" | "joined" | "review", userId: null as number | null };
  }));
  const linkOpeners = new Set<number>();

  // Claim codes: filed by a pool mediator, some today, some 31 days ago (expired).
  const assisted = createAssistedRequestRepository(prisma);
  const filing = async (i: number, at: Date) => ({
    ...(await assisted.submitAssisted({ filerId: pool[0]!.userId, role: "mediator", draft: draft({ consentAt: new Date(at.getTime() - i * 60_000).toISOString() }), now: at })),
    expired: at.getTime() < NOW.getTime(), claimedBy: null as number | null,
  });
  const claims = [await filing(1, NOW), await filing(2, NOW), await filing(3, NOW), await filing(4, new Date(NOW.getTime() - 31 * DAY)), await filing(5, new Date(NOW.getTime() - 31 * DAY))];

  // An invitation link whose holder keeps asking questions.
  const inviter = await person();
  const invited = await submitRequest(prisma, inviter.userId, NOW, { rayonCode: "turkestan.sairam", description: { kind: "text", text: "Invitation case" } });
  const issued = await createInvitationRepository(prisma).issue(invited.id, inviter.userId, NOW);
  if (!issued.ok) throw new Error(`could not issue an invitation: ${issued.reason}`);
  const asker = await person();
  let asked = 0;

  const tally: Record<string, number> = {};
  let operations = 0;
  const count = (what: string) => (tally[what] = (tally[what] ?? 0) + 1);

  async function join(kind: "register-phone" | "other-phone" | "forged" | "used") {
    const p = await person();
    const waiting = invites.filter((i) => i.outcome === "waiting");
    const used = invites.filter((i) => i.outcome !== "waiting");
    const target = kind === "forged" ? null : kind === "used" ? (used.length > 0 ? rs.pick(used) : null) : waiting.length > 0 ? rs.pick(waiting) : null;
    if (kind !== "forged" && !target) return;
    const code = target?.code ?? generateLinkCode();
    count(`join:${kind}`);
    await step(() => p.user.sendText(`/start m_${code}`));
    if (target && target.outcome === "waiting") linkOpeners.add(p.userId);
    await step(() => p.user.sendCallbackData(`rgj:${code}`));
    await step(() => p.user.sendContact(kind === "register-phone" && target ? target.phone.slice(1) : undefined));
    if (target && target.outcome === "waiting") {
      target.outcome = kind === "register-phone" ? "joined" : "review";
      target.userId = p.userId;
    }
  }

  async function claim(kind: "valid" | "expired" | "forged" | "used") {
    const p = await person();
    const candidates = claims.filter((c) => (kind === "valid" ? !c.expired && c.claimedBy === null : kind === "expired" ? c.expired : kind === "used" ? c.claimedBy !== null : false));
    const target = kind === "forged" ? null : candidates.length > 0 ? rs.pick(candidates) : null;
    if (kind !== "forged" && !target) return;
    count(`claim:${kind}`);
    await step(() => p.user.sendText(rs.chance(0.5) ? `/start claim_${target?.claimCode ?? "ABCDEFGHJK"}` : `/claim ${target?.claimCode ?? "ABCDE-FGHJK"}`));
    if (kind === "valid" && target) target.claimedBy = p.userId;
  }

  return {
    actors: pool.map((m) => m.user),
    tally,
    steps: () => steps,
    settleWith(fn: () => Promise<void>) {
      settle = fn;
    },
    /** Whether an audit entry added during the run is one of the scripted people's own. */
    legitimate(entry: { actorId: number | null; action: string }): boolean {
      if (entry.actorId === operatorUserId) return entry.action === "mediator.suspend";
      if (entry.action === "register.join" || entry.action === "register.join_review") return invites.some((i) => i.userId === entry.actorId);
      if (entry.action === "request.claimed") return claims.some((c) => c.claimedBy === entry.actorId);
      return false;
    },
    async operation() {
      // In turn, so that even a short run does each kind (the targets are picked at random).
      const kind = SCRIPTED_ORDER[operations++ % SCRIPTED_ORDER.length]!;
      switch (kind) {
        case "suspend": {
          const m = rs.pick(pool);
          if (m.mediatorId === options.notVictim || suspended.has(m.mediatorId)) return;
          count("suspend");
          suspended.set(m.mediatorId, (await prisma.mediationRequest.findMany({ where: { mediatorId: m.mediatorId }, select: { id: true } })).map((r) => r.id));
          await step(() => operator.sendCallbackData(`ops:${m.mediatorId}`));
          await step(() => operator.sendText("Fuzz: suspended by the operator"));
          return;
        }
        case "join:register-phone": case "join:other-phone": case "join:forged": case "join:used":
          return join(kind.slice(5) as "register-phone" | "other-phone" | "forged" | "used");
        case "claim:valid": case "claim:expired": case "claim:forged": case "claim:used":
          return claim(kind.slice(6) as "valid" | "expired" | "forged" | "used");
        case "question": {
          count("question");
          if (asked === 0) await step(() => asker.user.sendText(`/start inv_${issued.code}`));
          asked++;
          await step(() => asker.user.sendCallbackData(`iv:q:${issued.code}`));
          await step(() => asker.user.sendText(`Fuzz question number ${asked}`));
        }
      }
    },
    /** The invariants of the scripted operations. */
    async check() {
      // F1: a suspended mediator never ends up with a request they did not have when suspended.
      for (const [mediatorId, had] of suspended) {
        expect((await prisma.mediator.findUniqueOrThrow({ where: { id: mediatorId } })).status).toBe("suspended");
        const now = (await prisma.mediationRequest.findMany({ where: { mediatorId }, select: { id: true } })).map((r) => r.id);
        expect(now.filter((id) => !had.includes(id))).toEqual([]);
      }
      // L5: each register link made at most one mediator, active only for the register's own phone.
      for (const invite of invites) {
        const row = await prisma.mediatorInvite.findUniqueOrThrow({ where: { code: invite.code } });
        expect(row.status).toBe(invite.outcome);
        if (invite.outcome === "waiting") {
          expect(row.mediatorId).toBeNull();
          continue;
        }
        const mediator = await prisma.mediator.findUniqueOrThrow({ where: { id: row.mediatorId! } });
        expect(mediator.userId).toBe(invite.userId);
        expect(invite.outcome === "joined" ? mediator.status === "active" && mediator.phone === invite.phone : mediator.status === "pending" && mediator.phone !== invite.phone).toBe(true);
      }
      expect(await prisma.mediator.count({ where: { userId: { gte: (await prisma.user.findFirstOrThrow({ where: { telegramId: 10_001n } })).id } } }))
        .toBe(invites.filter((i) => i.outcome !== "waiting").length);
      // L2: only valid, unexpired codes moved a request, once, to the person who used it.
      for (const c of claims) {
        const row = await prisma.mediationRequest.findUniqueOrThrow({ where: { id: c.id } });
        expect(row.citizenId).toBe(c.claimedBy ?? pool[0]!.userId);
        expect(row.claimCode === null).toBe(c.claimedBy !== null);
      }
      // Q1: the link's question counts never pass the caps (one local day here: at most 2, and 3 in all).
      const link = await prisma.invitation.findUniqueOrThrow({ where: { code: issued.code } });
      expect(link.questionCount).toBe(Math.min(asked, 2));
      expect(link.questionDayCount).toBeLessThanOrEqual(2);
      expect(operator.messages().filter((m) => m.fromBot && m.text?.includes("Fuzz question number")).length).toBe(Math.min(asked, 2));
      // D1: deep-link rows only for valid links, once per person and link.
      const starts = await prisma.deepLinkStart.findMany({ select: { kind: true, ref: true, userId: true } });
      expect(new Set(starts.map((s) => `${s.kind}|${s.ref}|${s.userId}`)).size).toBe(starts.length);
      const byKind = (kind: string) => starts.filter((s) => s.kind === kind).map((s) => s.userId);
      expect(byKind("invitation")).toEqual(asked > 0 ? [asker.userId] : []);
      for (const userId of byKind("mediator_invite")) expect(linkOpeners.has(userId!)).toBe(true);
      expect(byKind("claim").every((userId) => claims.some((c) => c.claimedBy === userId))).toBe(true);
      const katos = new Set((await prisma.rayon.findMany({ select: { kato: true } })).map((r) => r.kato));
      for (const s of starts.filter((x) => x.kind === "poster")) expect(katos.has(s.ref)).toBe(true);
    },
  };
}

interface Actor {
  user: EmulatedUser;
  from: { id: number; is_bot: false; first_name: string; language_code?: string };
}

describe("fuzzing the bot with random updates", () => {
  it(`survives ${UPDATES} random updates and changes nothing it must not`, async () => {
    console.log(`fuzz seed ${SEED} (FUZZ_SEED to repeat), ${UPDATES} updates`);
    const r = random(SEED);
    const logs = captureLogs();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      flow = await startFlow({ now: () => NOW, logger: logs.logger, env: { OPERATOR_IDS: "9900" } });
      const f = flow;
      const prisma = f.app.db.prisma;

      // Victims: a citizen whose request the victim mediator accepted, with times proposed; and a second
      // request of theirs still offered to that mediator.
      const vm = await activeMediator(f, { id: 9101, name: "Асқар Бекұлы", locale: "kk" }, { rayonCodes: ["akmola.burabay"] });
      const vmUserId = (await prisma.mediator.findUniqueOrThrow({ where: { id: vm.mediatorId } })).userId;
      const victim = f.emu.user({ id: 9001, first_name: "Айгүл", language_code: "kk" });
      const victimUserId = await startedUser(prisma, victim);
      const accepted = await submitRequest(prisma, victimUserId, NOW);
      await f.app.matchmaker.offerNext(accepted.id, NOW);
      const firstOffer = await prisma.offer.findFirstOrThrow({ where: { requestId: accepted.id } });
      expect((await f.app.matchmaker.accept(firstOffer.id, vmUserId, NOW)).ok).toBe(true);
      const slots = [new Date("2026-11-27T05:00:00Z"), new Date("2026-11-28T05:00:00Z")];
      const proposed = await createAppointmentRepository(prisma).propose(accepted.id, vmUserId, slots, "in_person", "Akimat, room 12", NOW);
      expect(proposed.ok).toBe(true);
      const pending = await submitRequest(prisma, victimUserId, NOW, { category: "family" });
      await f.app.matchmaker.offerNext(pending.id, NOW);

      // The fuzzing people: a citizen with a request (offered to their own mediator, far away), that
      // mediator with a case, a stranger, and a newcomer who never pressed /start.
      const m = await activeMediator(f, { id: 9301, name: "Гүлнар", locale: "ru" }, { rayonCodes: ["turkestan.sairam"] });
      const citizen = f.emu.user({ id: 9201, first_name: "Бекзат", language_code: "ru" });
      const citizenUserId = await startedUser(prisma, citizen);
      const own = await submitRequest(prisma, citizenUserId, NOW, { rayonCode: "turkestan.sairam", sessionLanguage: "ru" });
      await f.app.matchmaker.offerNext(own.id, NOW);
      const stranger = f.emu.user({ id: 9401, first_name: "Stranger", language_code: "en" });
      await startedUser(prisma, stranger);
      const newcomer = f.emu.user({ id: 9402, first_name: "New", language_code: "fr" });
      const asActor = (user: EmulatedUser): Actor => ({ user, from: { id: user.id, is_bot: false as const, first_name: `U${user.id}`, language_code: r.pick(["kk", "ru", "en", "de"]) } });
      const actors: Actor[] = [m.user, citizen, stranger, newcomer].map(asActor);
      // More strangers, replaced by fresh ones now and then: a conversation's replay log grows with every
      // answer it re-asks, so one chat fed thousands of updates would measure that, not robustness.
      let nextStranger = 9500;
      const strangers = () => Array.from({ length: 8 }, () => asActor(f.emu.user({ id: nextStranger, first_name: `S${nextStranger++}`, language_code: "kk" })));
      let crowd = strangers();

      const script = await scriptedPeople(f, { rs: random(SEED + 1), notVictim: vm.mediatorId });
      actors.push(...script.actors.map(asActor));

      const victimIds = {
        requests: [accepted.id, pending.id],
        offers: (await prisma.offer.findMany({ where: { requestId: { in: [accepted.id, pending.id] } } })).map((o) => o.id),
        appointments: (await prisma.appointment.findMany({ where: { requestId: accepted.id } })).map((a) => a.id),
        mediators: [vm.mediatorId],
        telegram: [9001, 9101, 9900],
      };
      const before = await snapshot(prisma, { citizenUserId: victimUserId, mediatorUserId: vmUserId, mediatorId: vm.mediatorId });
      // The victim mediator's pending offer exists, so forging "accept" on it is a real attempt.
      expect(before.offers.some((o: { status: string }) => o.status === "pending")).toBe(true);

      const anyId = () => r.pick([...victimIds.requests, ...victimIds.offers, ...victimIds.appointments, ...victimIds.mediators, r.int(50), 0, -1, 2 ** 53, 1e21]);
      const CALLBACKS: Array<() => string> = [
        () => `of:${r.pick(["a", "d", "r", "l", "s"])}:${anyId()}${r.chance(0.5) ? `:${r.pick(["busy", "other", "x", String(anyId())])}` : ""}`,
        () => `ap:${r.pick(["p", "k", "o", "r", "c", "x", "y", "u", "s"])}:${anyId()}:${r.int(4)}:${r.int(4)}`,
        () => `ap:${r.pick(["u", "s", "x"])}:${anyId()}:${r.pick(["agreement", "none", "5", "illness", "0", "99"])}`,
        () => `${r.pick(["q", "qc", "qy"])}:${anyId()}`,
        () => r.pick(["m", "h", "a", "a:1", "a:99", "l", "l:kk", "l:xx", "r", "q", "e", "e:yes", "e:no"]),
        () => `mw:${r.pick(["p", "a", "e", "z", "r", "c"])}${r.chance(0.7) ? `:${anyId()}` : ""}`,
        () => `${r.pick(["opl:a", "opl:p", "opc", "opa", "opr", "ops", "opv", "opt:add", "opx", "opxy"])}:${r.pick([anyId(), ...victimIds.telegram])}`,
        () => `${r.pick(["bca:everyone", "bco:akmola", "bcl:kk", "bcx", "bcs", "bcy"])}:${anyId()}`,
        () => `st:${r.pick(["p", "csv"])}:${r.pick(["7d", "30d", "all", "x"])}`,
        () => `${r.pick(["i", "ma"])}:${r.pick(["consent", "category", "submit", "edit", "back", "cancel", "rayon", "page", "done", "cases"])}:${r.pick(["yes", "family", "9999", "akmola.burabay", "-1", ""])}`,
        () => `iv:${r.pick(["n", "s", "r", "y", "x"])}:${anyId()}${r.chance(0.5) ? ":a:b" : ""}`,
        () => Array.from({ length: r.int(80) }, () => String.fromCharCode(32 + r.int(95))).join(""),
        () => r.pick(["", ":", "::::", "of", "of:a", "of:a:", "ap:k:1:1:1:1", "q:1.5", "q:0x10", "q:1e3", "qy:-0", "\u0000", "😀:😀"]),
      ];
      let messageId = 5_000_000;
      const date = () => Math.floor(NOW.getTime() / 1000);
      const privateChat = (a: Actor) => ({ id: a.from.id, type: "private" as const, first_name: a.from.first_name });
      const message = (a: Actor, extra: Record<string, unknown>) => ({ message_id: ++messageId, date: date(), chat: privateChat(a), from: a.from, ...extra });
      const file = () => ({ file_id: `F${r.int(1e9)}`, file_unique_id: `U${r.int(1e9)}` });
      const group = { id: -1001234567890, type: "supergroup" as const, title: "Ауыл чаты" };
      const channel = { id: -1009876543210, type: "channel" as const, title: "Жаңалықтар" };
      const member = (status: string) => ({ status, user: { id: f.emu.botInfo.id, is_bot: true, first_name: f.emu.botInfo.first_name } });

      /** One random action of one fuzzing person. */
      const act = async (a: Actor): Promise<void> => {
        const u = a.user;
        const push = (body: Record<string, unknown>) => void f.emu.pushUpdate(body);
        const botMessage = u.lastBotMessage();
        switch (r.int(22)) {
          case 0: case 1: case 2: case 3: return u.sendText(randomText(r));
          case 4: return void push({ message: message(a, { text: randomText(r).slice(0, 4096), entities: [{ type: r.pick(["bold", "bot_command", "text_link", "mention", "spoiler"]), offset: 0, length: 1 + r.int(3), url: "https://example.org" }] }) });
          case 5: case 6: {
            // A real button of the current screen (reaches deep states), or a forged or mutated one.
            const buttons = botMessage?.inlineButtons.flat() ?? [];
            if (buttons.length > 0 && r.chance(0.6)) return u.tap(r.pick(buttons)).catch(() => undefined);
            const data = r.pick(CALLBACKS)();
            if (botMessage) return u.sendCallbackData(data);
            return void push({ callback_query: { id: `${a.from.id}${++messageId}`, from: a.from, chat_instance: "ci", data, inline_message_id: "im1" } });
          }
          case 7: case 8: {
            const data = r.pick(CALLBACKS)();
            return botMessage ? u.sendCallbackData(data) : u.sendText("/start");
          }
          case 9: {
            const markup = botMessage?.replyMarkup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined;
            const real = markup?.inline_keyboard?.flat().map((b) => b.callback_data).filter((d): d is string => !!d) ?? [];
            if (!botMessage || real.length === 0) return u.sendSticker();
            const chars = [...r.pick(real)];
            const at = r.int(chars.length);
            chars[at] = r.pick(["0", "9", ":", "x", "-", "", "99999"]);
            return u.sendCallbackData(chars.join(""));
          }
          case 10: return r.pick([() => u.sendSticker(), () => u.sendPhoto(), () => u.sendVoice(r.int(900)), () => u.sendLocation(r.float(-90, 90), r.float(-180, 180))])();
          case 11: return u.sendContact(r.pick(["+77011112233", "+15550100", "abc", ""]));
          case 12: return void push({ message: message(a, { contact: { phone_number: "+77019998877", first_name: "Other", user_id: r.pick([9001, 9101, 123]) } }) });
          case 13: return void push({ message: message(a, r.pick([
            { document: { ...file(), file_name: "../../etc/passwd", mime_type: "application/pdf", file_size: 1e9 } },
            { video_note: { ...file(), length: 240, duration: 5 } },
            { animation: { ...file(), width: 1, height: 1, duration: 1 }, document: file() },
            { dice: { emoji: "🎲", value: 6 } },
            { venue: { location: { latitude: 51.1, longitude: 71.4 }, title: "Әкімдік", address: "1" } },
            { poll: { id: "p1", question: "?", options: [], total_voter_count: 0, is_closed: false, is_anonymous: true, type: "regular", allows_multiple_answers: false } },
            { text: "forwarded", forward_origin: { type: "user", date: date(), sender_user: { id: 9001, is_bot: false, first_name: "Айгүл" } } },
            { text: "/start", reply_to_message: { message_id: 1, date: date(), chat: privateChat(a) } },
            { web_app_data: { data: "{}", button_text: "x" } },
            { voice: { ...file(), duration: -5 } },
            { photo: [], caption: randomText(r).slice(0, 1024) },
          ])) });
          case 14: return void push({ edited_message: { ...message(a, { text: randomText(r).slice(0, 4096) }), edit_date: date() } });
          case 15: return void push(r.pick([
            { inline_query: { id: `iq${++messageId}`, from: a.from, query: randomText(r).slice(0, 256), offset: "" } },
            { chosen_inline_result: { result_id: "1", from: a.from, query: "x" } },
          ]));
          case 16: return void push({ my_chat_member: { chat: privateChat(a), from: a.from, date: date(), old_chat_member: member("member"), new_chat_member: member(r.pick(["kicked", "member", "left"])) } });
          case 17: return void push(r.pick([
            { chat_join_request: { chat: group, from: a.from, user_chat_id: a.from.id, date: date() } },
            { chat_member: { chat: group, from: a.from, date: date(), old_chat_member: { status: "left", user: a.from }, new_chat_member: { status: "member", user: a.from } } },
            { my_chat_member: { chat: group, from: a.from, date: date(), old_chat_member: member("left"), new_chat_member: member("administrator") } },
          ]));
          case 18: return void push({ message: { message_id: ++messageId, date: date(), chat: group, ...(r.chance(0.5) ? { from: a.from } : { sender_chat: group }), text: r.pick([...COMMANDS, randomText(r).slice(0, 4096)]) } });
          case 19: return void push(r.pick([
            { channel_post: { message_id: ++messageId, date: date(), chat: channel, sender_chat: channel, text: r.pick(COMMANDS) } },
            { edited_channel_post: { message_id: ++messageId, date: date(), chat: channel, edit_date: date(), text: "x" } },
          ]));
          case 20: return void push(r.pick([
            { poll_answer: { poll_id: "p1", user: a.from, option_ids: [0] } },
            { poll: { id: "p1", question: "?", options: [], total_voter_count: 1, is_closed: true, is_anonymous: false, type: "quiz", allows_multiple_answers: false } },
            { message_reaction: { chat: privateChat(a), message_id: 1, user: a.from, date: date(), old_reaction: [], new_reaction: [{ type: "emoji", emoji: "👍" }] } },
            { pre_checkout_query: { id: "pc", from: a.from, currency: "KZT", total_amount: 1, invoice_payload: "x" } },
          ]));
          default: return void push({ callback_query: { id: `${a.from.id}${++messageId}`, from: a.from, chat_instance: "ci", ...(r.chance(0.5) ? { game_short_name: "g" } : { data: r.pick(CALLBACKS)() }), ...(r.chance(0.5) ? { inline_message_id: "im" } : {}) } });
        }
      };

      const startedAt = Date.now();
      const baseline = await handledUpdates(f);
      let pushed = 0;
      const waitForBot = async (target: number, timeoutMs: number) => {
        const deadline = Date.now() + timeoutMs;
        while ((await handledUpdates(f)) < target) {
          if (Date.now() > deadline) throw new Error(`bot handled ${(await handledUpdates(f)) - baseline} of ${pushed + script.steps()} updates within ${timeoutMs} ms (seed ${SEED})`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      script.settleWith(() => waitForBot(baseline + pushed + script.steps(), 30_000));
      // In waves, so that buttons of fresh screens get tapped too.
      while (pushed < UPDATES) {
        const wave = Math.min(50, UPDATES - pushed);
        for (let i = 0; i < wave; i++) await act(r.pick([...actors, ...crowd]));
        pushed += wave;
        if (pushed % 200 === 0) crowd = strangers();
        await waitForBot(baseline + pushed + script.steps(), 30_000);
        await script.operation();
      }
      console.log(`fuzz: scripted ${JSON.stringify(script.tally)}`);
      console.log(`fuzz: ${pushed} updates handled in ${Date.now() - startedAt} ms`);
      if (process.env.FUZZ_DEBUG) console.log((await (await fetch(`http://127.0.0.1:${f.app.healthPort}/metrics`)).text()).split("\n").filter((l) => /handler_seconds_(sum|count)/.test(l)).join("\n"));
      if (process.env.FUZZ_DEBUG) console.log((await prisma.storageEntry.findMany()).map((e) => `${e.key} ${JSON.stringify(e).length}`).join("\n"));

      // Still alive and answering.
      const fresh = f.emu.user({ id: 9499, first_name: "After", language_code: "en" });
      await fresh.sendText("/start");
      expect((await fresh.waitForReply({ timeoutMs: 10_000 })).length).toBeGreaterThan(0);

      expect(rejections).toEqual([]);
      const errors = logs.lines.filter((l) => l.includes("unhandled bot error"));
      expect(errors).toEqual([]);
      // Structured logs with nothing the people wrote or are called.
      const joined = logs.lines.join("\n");
      for (const secret of [MARKER, "Көршінің сиыры", "Айгүл", "Асқар", "+77019998877", "+77011112233", "Akimat, room 12"]) expect(joined).not.toContain(secret);
      for (const line of logs.lines) expect(() => JSON.parse(line)).not.toThrow();

      const after = await snapshot(prisma, { citizenUserId: victimUserId, mediatorUserId: vmUserId, mediatorId: vm.mediatorId });
      // The audit may have grown only by the scripted people's own legitimate actions.
      const beforeIds = new Set(before.audit.map((a: { id: number }) => a.id));
      const added = after.audit.filter((a: { id: number }) => !beforeIds.has(a.id));
      for (const entry of added as Array<{ actorId: number; action: string }>) expect(script.legitimate(entry)).toBe(true);
      expect({ ...after, audit: after.audit.filter((a: { id: number }) => beforeIds.has(a.id)) }).toEqual(before);
      await script.check();
    } finally {
      process.off("unhandledRejection", onRejection);
    }
  }, 180_000);
});
