// Runs one SchedulePoller per schedule source: PTG_SCHEDULE_URL for the default event, and each
// event's `~schedule URL` (store/schedule-sources.ts). Every `refreshMs` it reads the sources
// again, starting pollers for new ones (they poll at once) and stopping those that were
// cleared or changed. All poll every `intervalMs`, through the same fetch policy as ~fetchdb.
import type { Kysely } from "kysely";
import type { Database } from "../shared/db/schema.js";
import type { Logger } from "../shared/log.js";
import type { Resolver } from "../shared/net/checked-lookup.js";
import { allScheduleSources } from "../shared/store/schedule-sources.js";
import { SchedulePoller } from "./schedule-poller.js";

export interface PollSourcesOptions {
  db: Kysely<Database>;
  /** PTG_SCHEDULE_URL and the default event, when it is set. */
  configured: { url: string; eventSlug: string } | null;
  intervalMs: number;
  retryMs?: number;
  /** How often the sources are read again (default 30 s). */
  refreshMs?: number;
  allowPrivateAddresses: boolean;
  resolver?: Resolver;
  helpUrl: string;
  logger: Logger;
}

export class SchedulePollers {
  private readonly running = new Map<string, SchedulePoller>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(private readonly options: PollSourcesOptions) {}

  /** The event slug and URL of each source being polled ("slug url"). */
  get sources(): string[] {
    return [...this.running.keys()].sort();
  }

  start(): void {
    this.stopped = false;
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.refreshing;
    await Promise.all([...this.running.values()].map((p) => p.stop()));
    this.running.clear();
  }

  private tick(): void {
    this.refreshing = this.refresh()
      .catch((error: unknown) => {
        this.options.logger.warn(
          `Could not read the schedule sources: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(() => {
          this.tick();
        }, this.options.refreshMs ?? 30_000);
        this.timer.unref();
      });
  }

  /** Brings the running pollers in line with the sources. */
  async refresh(): Promise<void> {
    const wanted = new Map<string, { url: string; eventSlug: string }>();
    const { configured } = this.options;
    if (configured !== null) wanted.set(`${configured.eventSlug} ${configured.url}`, configured);
    for (const source of await allScheduleSources(this.options.db)) {
      wanted.set(`${source.eventSlug} ${source.url}`, source);
    }
    for (const [key, poller] of this.running) {
      if (wanted.has(key)) continue;
      this.running.delete(key);
      await poller.stop();
      this.options.logger.info(`Stopped polling ${key}`);
    }
    if (this.stopped) return;
    for (const [key, source] of wanted) {
      if (this.running.has(key)) continue;
      const poller = new SchedulePoller({
        db: this.options.db,
        url: source.url,
        eventSlug: source.eventSlug,
        intervalMs: this.options.intervalMs,
        retryMs: this.options.retryMs,
        allowPrivateAddresses: this.options.allowPrivateAddresses,
        resolver: this.options.resolver,
        helpUrl: this.options.helpUrl,
        logger: this.options.logger,
      });
      this.running.set(key, poller);
      poller.start();
    }
  }
}
