import type { KeyOwner } from '../repositories/users-repository.js';

/** Bounds the memory a flood of distinct valid tokens can take; the cache starts over when full. */
const MAX_ENTRIES = 10_000;

/**
 * The owners of recently seen keys, so a client's requests do not each query the key tables.
 * Only found owners are kept (an unknown token is looked up every time), each for `ttlMs`;
 * the caller still checks the owner's expiry on every request. `forget()` drops everything:
 * after a revocation or a user change made through this process.
 */
export class KeyOwnerCache {
  private readonly owners = new Map<string, { owner: KeyOwner; until: number }>();
  /** Bumped by forget(): a lookup that started before it is not kept. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly lookup: (token: string) => Promise<KeyOwner | undefined>,
    private readonly now: () => number = Date.now,
  ) {}

  async find(token: string): Promise<KeyOwner | undefined> {
    if (this.ttlMs <= 0) return this.lookup(token);
    const cached = this.owners.get(token);
    if (cached !== undefined && cached.until > this.now()) return cached.owner;
    const generation = this.generation;
    const owner = await this.lookup(token);
    // A forget() while the lookup was running may have been about this very key.
    if (owner !== undefined && generation === this.generation) {
      if (this.owners.size >= MAX_ENTRIES) this.owners.clear();
      this.owners.set(token, { owner, until: this.now() + this.ttlMs });
    } else if (owner === undefined) {
      this.owners.delete(token);
    }
    return owner;
  }

  forget(): void {
    this.generation++;
    this.owners.clear();
  }
}
