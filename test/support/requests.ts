// Requests made without going through the intake: flow and database tests of what comes after it
// (My requests, Your data) start from stored requests.
import type { PrismaClient } from "../../src/db/client.js";
import { createRequestRepository } from "../../src/db/repositories/request-repository.js";
import type { IntakeDraft } from "../../src/domain/request.js";
import type { RequestStatus } from "../../src/domain/request-lifecycle.js";
import type { EmulatedUser } from "./bot-api-emulator/types.js";

export function draft(overrides: Partial<IntakeDraft> = {}): IntakeDraft {
  return {
    consentAt: "2026-03-12T09:55:00.000Z",
    category: "neighbours",
    description: { kind: "text", text: "Көршінің сиыры бидайымды таптап кетті" },
    otherParty: "neighbour",
    otherPartyAware: "knows",
    inCourt: false,
    costPreference: "free_only",
    rayonCode: "akmola.burabay",
    mode: "in_person",
    sessionLanguage: "kk",
    contactName: "Айгүл Серікқызы",
    contactPhone: "+77011234567",
    ...overrides,
  };
}

/** The person's row id, once the bot has seen them. */
export async function userIdOf(prisma: PrismaClient, telegramId: number): Promise<number> {
  const user = await prisma.user.findUnique({ where: { telegramId: BigInt(telegramId) }, select: { id: true } });
  if (!user) throw new Error(`User ${telegramId} is not in the database: let them send /start first.`);
  return user.id;
}

/** Sends /start so that the bot records the person, and returns their row id. */
export async function startedUser(prisma: PrismaClient, user: EmulatedUser): Promise<number> {
  await user.sendText("/start");
  await user.waitForReply();
  return userIdOf(prisma, user.id);
}

let consentSequence = 0;

export async function submitRequest(prisma: PrismaClient, citizenId: number, at: Date, overrides: Partial<IntakeDraft> = {}): Promise<{ id: number; code: string }> {
  // Each intake has its own consent instant (a repeated one means "the same intake submitted again").
  const consentAt = new Date(at.getTime() - 60_000 - consentSequence++).toISOString();
  return createRequestRepository(prisma).submit(citizenId, draft({ consentAt, ...overrides }), at);
}

/** Moves a request straight to a status (as a mediator or a job would), for tests of later stages. */
export async function setStatus(prisma: PrismaClient, id: number, status: RequestStatus, closedAt: Date | null = null): Promise<void> {
  await prisma.mediationRequest.update({ where: { id }, data: { status, closedAt } });
}
