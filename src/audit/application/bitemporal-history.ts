import { recordedBy, spaceHoldersAt, type LoggedEvent, type SpaceHolder } from '../domain/space-holders.js';

/** The audit log, read for bitemporal questions. */
export interface BitemporalLog {
  /**
   * In chain order, every audited event of the space's own stream (`space-<id>`) and of each
   * booking or blackout stream that ever placed the space over valid instant `at` (any of its
   * placements, so the final one is among them), whenever they were recorded.
   */
  spaceStreamsAround(spaceId: string, at: Date): Promise<LoggedEvent[]>;
}

export interface SpaceHoldersAt {
  spaceId: string;
  /** Valid time asked about. */
  at: string;
  /** System time the answer is as of; null: the whole log as it stands. */
  asOf: string | null;
  holders: SpaceHolder[];
}

/** Auditors' bitemporal questions, answered from the audit log (see domain/space-holders for the two times). */
export class BitemporalHistory {
  constructor(private readonly log: BitemporalLog) {}

  /**
   * Who held the space at valid instant `at`, as the system knew it at `asOf` (null: now): each
   * candidate stream folded from its events recorded by then. Null when the space was unknown
   * to the log at `asOf`.
   */
  async spaceHolders(spaceId: string, at: Date, asOf: Date | null): Promise<SpaceHoldersAt | null> {
    const known = recordedBy(await this.log.spaceStreamsAround(spaceId, at), asOf === null ? null : asOf.getTime());
    const streams = new Map<string, LoggedEvent[]>();
    for (const e of known) {
      const events = streams.get(e.streamId);
      if (events) events.push(e);
      else streams.set(e.streamId, [e]);
    }
    if (!streams.has(`space-${spaceId}`)) return null;
    return { spaceId, at: at.toISOString(), asOf: asOf === null ? null : asOf.toISOString(), holders: spaceHoldersAt(streams.values(), spaceId, at.getTime()) };
  }
}
