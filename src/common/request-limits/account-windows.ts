/**
 * Request counts per account in fixed windows, each starting with the account's first request in
 * it, held in memory by one process: O(1) a request, no timer and no sweep. Windows live in two
 * generations of maps, each generation as long as a window: an account is moved into the current
 * generation whenever it is seen, and a generation is dropped whole once nothing in it can still
 * be open. Memory is bounded by the accounts seen in the last two windows; only authenticated
 * accounts are counted, so nobody can fill it with made-up keys.
 */
export class AccountWindows {
  private current = new Map<string, Window>();
  private previous = new Map<string, Window>();
  private generationEndsAt: number;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.generationEndsAt = now() + windowMs;
  }

  /**
   * Counts one request of the account. Answers 0 while the account is within its limit, else the
   * whole seconds until its window ends (at least 1).
   */
  take(account: string): number {
    const now = this.now();
    if (now >= this.generationEndsAt) this.rotate(now);
    let window = this.current.get(account);
    if (window === undefined) {
      window = this.previous.get(account);
      if (window !== undefined) {
        this.previous.delete(account);
        this.current.set(account, window);
      }
    }
    if (window === undefined || now >= window.endsAt) {
      window = { endsAt: now + this.windowMs, count: 0 };
      this.current.set(account, window);
    }
    window.count++;
    return window.count <= this.limit ? 0 : Math.max(1, Math.ceil((window.endsAt - now) / 1000));
  }

  /** Accounts held in memory (for tests of the bound). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /**
   * A window ends within `windowMs` of the last time its account was seen, so a map that has taken
   * no account for a whole window holds only ended windows: the previous generation's, once the
   * current one has run its length. After a quiet spell of a window or more, both go.
   */
  private rotate(now: number): void {
    this.previous = now >= this.generationEndsAt + this.windowMs ? new Map() : this.current;
    this.current = new Map();
    this.generationEndsAt = now + this.windowMs;
  }
}

interface Window {
  endsAt: number;
  count: number;
}
