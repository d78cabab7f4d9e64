// A flow on a chosen database: SQLite as startFlow makes it, or a fresh PostgreSQL database (from
// TEST_DATABASE_URL) that is dropped again when the flow stops. For the flows whose database work must
// behave the same on both (ownership checks, cancellation, erasure).
import type { AppOptions } from "../../src/app.js";
import type { DatabaseTarget } from "./databases.js";
import { startFlow, type Flow } from "./flow.js";

export async function startFlowOn(target: DatabaseTarget, options: AppOptions = {}): Promise<Flow> {
  if (target.name === "sqlite") return startFlow(options);
  const database = await target.create();
  try {
    const flow = await startFlow({ ...options, env: { DATABASE_URL: database.url } });
    const stop = flow.stop.bind(flow);
    flow.stop = async () => {
      try {
        await stop();
      } finally {
        await database.drop();
      }
    };
    return flow;
  } catch (error) {
    await database.drop();
    throw error;
  }
}
