// One piece of work that many callers ask for and that must not overlap itself: a call while it
// is idle runs it at once; calls while it runs share one more run after it (the running one may
// have started before what the caller wants done). The outbox's drains and the flush barriers
// (db/durability.ts) run this way.
export class CoalescedRun {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly work: () => Promise<void>) {}

  /** Resolves once a run that started after this call has finished; rejects if that run does. */
  run(): Promise<void> {
    if (this.running === null) {
      const run = this.work();
      this.running = run;
      const done = (): void => {
        if (this.running === run) this.running = null;
      };
      run.then(done, done);
      return run;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.run();
      });
    return this.next;
  }

  /** Resolves once the runs in hand (the running one and the one queued after it) are over. */
  async settled(): Promise<void> {
    await Promise.allSettled([this.running, this.next]);
  }
}
