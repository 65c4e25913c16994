import pg from 'pg';

/** The part of the `pg` pool behind TypeORM that the watchdog follows (its public events). */
export interface WatchedPool {
  on(event: 'connect' | 'acquire' | 'remove', listener: (client: pg.PoolClient) => void): unknown;
  removeListener(
    event: 'connect' | 'acquire' | 'remove',
    listener: (client: pg.PoolClient) => void,
  ): unknown;
}

export interface WatchdogOptions {
  databaseUrl: string;
  /** How long PostgreSQL may take to answer `SELECT 1` before it counts as not answering. */
  stallMs: number;
  /** Time between two probes. */
  intervalMs: number;
  /** Told once when PostgreSQL stops answering (with the connections cut) and once when it answers again. */
  onStall?: (event: { connectionsCut: number }) => void;
  onRecovery?: (event: { stalledMs: number }) => void;
}

/** What a probe found: an answer, a refusal (down: connections fail by themselves), or nothing in time. */
export type ProbeOutcome = 'answered' | 'refused' | 'stalled';

/** A connection's socket, cut without a word to the server (it may not be reading). */
function cut(client: pg.ClientBase): void {
  (
    client as unknown as { connection?: { stream?: { destroy(): void } } }
  ).connection?.stream?.destroy();
}

/**
 * Notices a PostgreSQL that stops answering without closing its connections: a frozen host or
 * virtual machine, a network that drops packets, a failover that leaves the old primary
 * unreachable. node-postgres then waits for an answer for as long as TCP takes to give up (minutes
 * on a dropped network), and every request holding a connection waits with it. A database that is
 * stopped, killed or refusing connections needs no help: its connections fail at once.
 *
 * Every `intervalMs` a `SELECT 1` goes over a connection of the watchdog's own. When it has no
 * answer within `stallMs`, every connection of the pool is cut: the statements waiting on them fail
 * as a lost connection does (503 to a request; a job is retried), PostgreSQL rolls back their
 * transactions when it sees the connections closed, and new requests get a connection only from a
 * server that accepts one (the pool's connect timeout answers the others). It cuts again after every
 * probe without an answer, until one is answered.
 *
 * A probe is judged only after the process has read what arrived: an event loop held up by other
 * work (a large export) delays the answer's handling, not PostgreSQL, and never counts as a stall.
 */
export class DatabaseWatchdog {
  private readonly clients = new Set<pg.ClientBase>();
  private probeClient: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private stalledSince: number | undefined;
  private probing: Promise<void> = Promise.resolve();
  /** Times PostgreSQL was found not answering (each probe without an answer counts). */
  stalls = 0;

  private readonly track = (client: pg.ClientBase) => this.clients.add(client);
  private readonly forget = (client: pg.ClientBase) => this.clients.delete(client);

  constructor(
    private readonly pool: WatchedPool,
    private readonly options: WatchdogOptions,
  ) {}

  /** Whether PostgreSQL is at present found not answering. */
  get stalled(): boolean {
    return this.stalledSince !== undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.pool.on('connect', this.track);
    this.pool.on('acquire', this.track);
    this.pool.on('remove', this.forget);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.pool.removeListener('connect', this.track);
    this.pool.removeListener('acquire', this.track);
    this.pool.removeListener('remove', this.forget);
    this.clients.clear();
    await this.probing;
    await this.dropProbeClient(true);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.probing = this.probe().then(
        () => this.schedule(),
        () => this.schedule(),
      );
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** One probe: answered, refused (down, nothing to do) or no answer in time (cut). */
  async probe(): Promise<ProbeOutcome> {
    const outcome = await this.answersWithin(this.options.stallMs);
    if (outcome === 'answered' && this.stalledSince !== undefined) {
      const stalledMs = Date.now() - this.stalledSince;
      this.stalledSince = undefined;
      this.options.onRecovery?.({ stalledMs });
    }
    if (outcome === 'stalled') {
      this.stalls++;
      const connectionsCut = this.clients.size;
      for (const client of this.clients) cut(client);
      this.clients.clear();
      if (this.stalledSince === undefined) {
        this.stalledSince = Date.now();
        this.options.onStall?.({ connectionsCut });
      }
    }
    return outcome;
  }

  private async answersWithin(ms: number): Promise<ProbeOutcome> {
    const work = this.selectOne();
    const outcome = await new Promise<ProbeOutcome>((resolve) => {
      let settled = false;
      const settle = (value: ProbeOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(value);
      };
      // At the deadline, first let the loop read what has arrived (the poll phase runs before
      // setImmediate): an answer that came while the loop was busy is an answer. A deadline the
      // loop reached more than a quarter late (it was held up by other work, maybe before the
      // probe was even sent) gives PostgreSQL half the time again.
      const expected = Date.now() + ms;
      let late = false;
      const onDeadline = () => {
        if (!late && Date.now() - expected > ms / 4) {
          late = true;
          deadline = setTimeout(onDeadline, ms / 2);
          return;
        }
        setImmediate(() => settle('stalled'));
      };
      let deadline = setTimeout(onDeadline, ms);
      work.then(
        () => settle('answered'),
        () => settle('refused'),
      );
    });
    if (outcome !== 'answered') await this.dropProbeClient(outcome === 'refused');
    return outcome;
  }

  private async selectOne(): Promise<void> {
    let client = this.probeClient;
    if (!client) {
      const fresh = new pg.Client({
        connectionString: this.options.databaseUrl,
        application_name: 'rtw-watchdog',
        // The probe's own deadline judges the server; this only bounds a connection left behind.
        connectionTimeoutMillis: Math.max(this.options.stallMs * 4, 10_000),
      });
      // Errors surface through the query; an idle connection that dies is made again next time.
      fresh.on('error', () => {
        if (this.probeClient === fresh) this.probeClient = undefined;
      });
      this.probeClient = client = fresh;
      await fresh.connect();
    }
    await client.query('SELECT 1');
  }

  private async dropProbeClient(politely: boolean): Promise<void> {
    const client = this.probeClient;
    this.probeClient = undefined;
    if (!client) return;
    if (politely) {
      // A server that stops answering while the connection closes must not hold up a shutdown.
      const ended = client.end().catch(() => undefined);
      const timer = setTimeout(() => cut(client), this.options.stallMs);
      await ended;
      clearTimeout(timer);
    } else {
      cut(client);
    }
  }
}
