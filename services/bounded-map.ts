/**
 * A Map that holds at most `limit` entries, forgetting the one set longest ago: for the small
 * per-instance memories (recent rounds, invitations, stored references) that must not grow without
 * bound in a long-running bot.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    // Re-setting a key makes it the newest.
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit) super.delete(this.keys().next().value!);
    return this;
  }
}
