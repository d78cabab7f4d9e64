import { afterEach, describe, expect, it } from "vitest";
import { startFlow, type Flow } from "../support/flow.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

describe("flood protection", () => {
  it("answers up to the limit, then asks once, in the person's language, to slow down", async () => {
    flow = await startFlow({ env: { RATE_LIMIT_PER_10S: "3" } });
    const user = flow.emu.user({ id: 9901, first_name: "A", language_code: "ru" });
    for (let i = 0; i < 8; i++) await user.sendText("/help");
    await expect.poll(() => user.messages().filter((m) => m.fromBot).length).toBeGreaterThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answers = user.messages().filter((m) => m.fromBot).map((m) => m.text ?? "");
    expect(answers.filter((t) => t.includes("Помощь"))).toHaveLength(3);
    expect(answers.filter((t) => t.includes("Слишком много сообщений"))).toHaveLength(1);
    // Someone else is not affected.
    const other = flow.emu.user({ id: 9902, first_name: "B", language_code: "en" });
    await other.sendText("/help");
    const [help] = await other.waitForReply();
    expect(help?.text).toContain("Help");
  });
});
