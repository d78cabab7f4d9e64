// The only file that knows node-cron: it triggers jobs; the jobs themselves are plain functions
// `run(deps, now)` that claim their work in the database (safe on several instances).
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../logger.js";

export interface JobDefinition {
  name: string;
  /** Cron expression (node-cron, with seconds optional). */
  schedule: string;
  run(now: Date): Promise<unknown>;
}

export interface Scheduler {
  /** Runs every job once now (used at start-up to catch up on what fell due while the bot was down). */
  runAllNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(jobs: readonly JobDefinition[], deps: { logger: Logger; timeZone: string; now: () => Date }): Scheduler {
  const running = new Set<Promise<unknown>>();
  const trigger = (job: JobDefinition) => {
    const run = job.run(deps.now()).catch((error: unknown) => deps.logger.error({ job: job.name, err: (error as Error)?.message }, "job failed"));
    running.add(run);
    void run.finally(() => running.delete(run));
    return run;
  };
  // noOverlap: a slow run is not started again on top of itself.
  const tasks: ScheduledTask[] = jobs.map((job) => cron.schedule(job.schedule, () => void trigger(job), { timezone: deps.timeZone, noOverlap: true, name: job.name }));
  return {
    async runAllNow() {
      await Promise.all(jobs.map(trigger));
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.all([...running]);
    },
  };
}
