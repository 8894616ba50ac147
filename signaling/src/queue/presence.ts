import type { Logger } from '../logger';

export interface PresencePort {
  /** The lawyer's /queue sockets on every node (through the adapter). */
  countConsoles(staffId: string): Promise<number>;
  /** Takes the lawyer off duty (if on) and tells the queue; resolves whether they were on duty. */
  offDuty(staffId: string, countyId: string): Promise<boolean>;
}

/**
 * A lawyer is on duty only while a console is open somewhere (issue #13 bug 9): when a
 * lawyer's /queue socket closes, a timer of `graceMs` starts on that node; if by then no
 * socket of the lawyer is connected on any node (a reload or a second tab counts), the
 * lawyer goes off duty and the county's queue is published again.
 */
export class LawyerPresence {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly graceMs: number,
    private readonly port: PresencePort,
    private readonly log: Logger,
  ) {}

  arrived(staffId: string): void {
    clearTimeout(this.timers.get(staffId));
    this.timers.delete(staffId);
  }

  left(staffId: string, countyId: string): void {
    clearTimeout(this.timers.get(staffId));
    const timer = setTimeout(() => {
      this.timers.delete(staffId);
      void this.check(staffId, countyId);
    }, this.graceMs);
    timer.unref();
    this.timers.set(staffId, timer);
  }

  private async check(staffId: string, countyId: string): Promise<void> {
    try {
      if ((await this.port.countConsoles(staffId)) > 0) return;
      if (await this.port.offDuty(staffId, countyId)) this.log.info({ staffId, countyId, graceMs: this.graceMs }, 'lawyer off duty: no console open');
    } catch (err) {
      this.log.error({ err, staffId }, 'lawyer presence check failed');
    }
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
