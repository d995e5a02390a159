import { HttpEdgeError } from './http-edge-error.js';

/**
 * ETags are strong and name the order's version: `"3"`. One version has exactly one representation (the JSON of
 * the stored order, byte for byte), which is what a strong validator promises, and `If-Match` compares strongly
 * (RFC 9110, 13.1.1), so only a strong ETag can ever satisfy it. A weak tag (`W/"3"`, as some compressing proxies
 * rewrite it) therefore never matches an `If-Match`; it does match an `If-None-Match`, which compares weakly.
 */
export function entityTagOf(version: number): string {
  return `"${version}"`;
}

export type EntityTagCondition =
  | { readonly kind: 'any' }
  | { readonly kind: 'tags'; readonly tags: readonly { readonly weak: boolean; readonly opaque: string }[] };

const tagPattern = /\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/y;

/** An `If-Match` or `If-None-Match` header: `*`, or a list of entity tags. Undefined when absent. */
export function parseEntityTagCondition(header: string | null, name: string): EntityTagCondition | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (header.trim() === '*') return { kind: 'any' };
  const tags: { weak: boolean; opaque: string }[] = [];
  tagPattern.lastIndex = 0;
  while (tagPattern.lastIndex < header.length) {
    const match = tagPattern.exec(header);
    if (match === null) {
      throw new HttpEdgeError('validation_failed', `${name} must be * or a list of entity tags such as "3".`);
    }
    tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? '' });
  }
  return { kind: 'tags', tags };
}

/** The versions an `If-Match` names by strong tags; weak tags and tags that are not versions name none. */
export function strongVersionsOf(condition: Extract<EntityTagCondition, { kind: 'tags' }>): number[] {
  return condition.tags.flatMap((tag) =>
    !tag.weak && /^[1-9]\d{0,15}$/.test(tag.opaque) ? [Number(tag.opaque)] : [],
  );
}

/** Whether an `If-None-Match` matches the version: weak comparison, so `W/"3"` and `"3"` both do. */
export function noneMatchHits(condition: EntityTagCondition | undefined, version: number): boolean {
  if (condition === undefined) return false;
  if (condition.kind === 'any') return true;
  return condition.tags.some((tag) => tag.opaque === String(version));
}
