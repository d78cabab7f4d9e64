// Registered, approved mediators for flow tests: a person who started the bot, applied, and was approved.
import { createMediatorRepository } from "../../src/db/repositories/mediator-repository.js";
import type { MediatorApplication } from "../../src/domain/mediator.js";
import type { EmulatedUser } from "./bot-api-emulator/types.js";
import type { Flow } from "./flow.js";

export async function activeMediator(
  flow: Flow,
  person: { id: number; name: string; locale?: string },
  profile: Partial<MediatorApplication> & Pick<MediatorApplication, "rayonCodes">,
): Promise<{ user: EmulatedUser; mediatorId: number }> {
  const user = flow.emu.user({ id: person.id, first_name: person.name, language_code: person.locale ?? "kk" });
  await user.sendText("/start");
  await user.waitForReply();
  const row = await flow.app.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(person.id) } });
  if (person.locale) await flow.app.db.prisma.user.update({ where: { id: row.id }, data: { locale: person.locale } });
  const mediators = createMediatorRepository(flow.app.db.prisma);
  const applied = await mediators.apply(
    row.id,
    {
      fullName: person.name,
      kind: "public",
      registryNumber: null,
      languages: ["kk", "ru"],
      specializations: ["family", "neighbours", "property"],
      modes: ["in_person", "phone"],
      maxOpenCases: 3,
      phone: "+77010000000",
      bio: "Public mediator at the village akimat for ten years.",
      ...profile,
    },
    new Date(),
  );
  await mediators.changeStatus(applied.id, ["pending"], "active", null, new Date());
  return { user, mediatorId: applied.id };
}
