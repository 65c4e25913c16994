/** Claims of one e-mail after which it is given up (`failed`) rather than tried again. */
export const MAIL_ATTEMPTS = 8;

/** The recorded steps of sending one claimed e-mail, each committed on its own. */
export interface ClaimedMailSteps {
  /** Hands the mail to the mail server (the same Message-ID on every attempt). */
  send(): Promise<void>;
  /** Records it sent: only while this attempt's claim still holds. */
  sent(): Promise<void>;
  /** Gives the claim back after a refused hand-over, so the retry may claim it again. */
  release(): Promise<void>;
  /** Records it given up on after `MAIL_ATTEMPTS` claims. */
  failed(): Promise<void>;
}

/**
 * Sends one e-mail that this worker has claimed (a committed `sending` state with an attempt
 * number), so that no transaction stays open while the mail server is talked to. A worker that
 * dies after the hand-over leaves the claim, which another takes over once it is stale and sends
 * with the same Message-ID: at most one copy per Message-ID where the receiving side deduplicates
 * (the capture does, by its unique key), at least once through SMTP.
 */
export async function sendClaimed(
  attempt: number,
  steps: ClaimedMailSteps,
): Promise<'sent' | 'failed'> {
  if (attempt > MAIL_ATTEMPTS) {
    await steps.failed();
    return 'failed';
  }
  try {
    await steps.send();
  } catch (error) {
    await steps.release();
    throw error;
  }
  await steps.sent();
  return 'sent';
}
