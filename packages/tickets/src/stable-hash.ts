/**
 * A number in [0, 1) derived from a string: the same ticket id always draws
 * the same number, so a callback sample is reproducible and auditable without
 * storing the draw. FNV-1a (32 bit) followed by murmur3's final mix: FNV-1a
 * alone leaves sequential ids (T-1, T-2...) unevenly spread.
 */
export function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}
