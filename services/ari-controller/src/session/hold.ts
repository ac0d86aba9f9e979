/** Hold time of one call: held/unheld pairs, the total feeding AHT (talk excludes hold). */
export class HoldClock {
  private heldAt: number | null = null;

  get held(): boolean {
    return this.heldAt !== null;
  }

  /** When the hold in progress began (mirrored in the call record), or null. */
  get heldSince(): number | null {
    return this.heldAt;
  }

  hold(now = Date.now()): boolean {
    if (this.heldAt !== null) return false;
    this.heldAt = now;
    return true;
  }

  /** Ends the current hold; its length, or null when not on hold. */
  unhold(now = Date.now()): number | null {
    if (this.heldAt === null) return null;
    const ms = Math.max(0, now - this.heldAt);
    this.heldAt = null;
    return ms;
  }
}
