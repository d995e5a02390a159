import type { FilterableMessage } from './filterable-message.js';
import type { PropertyScope } from './sql-syntax.js';
import { findSystemProperty } from './system-properties.js';

/** A property a rule names: its scope, and for `sys` its canonical name. */
export interface PropertyAddress {
  scope: PropertyScope;
  name: string;
}

/**
 * The key a record holds a property under. Azure matches property names case-insensitively; an exact
 * match wins so that two keys differing only in case stay reachable.
 */
function findKey(record: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) if (Object.hasOwn(record, name)) return name;
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return Object.keys(record).find((key) => wanted.has(key.toLowerCase()));
}

function namesOf(address: PropertyAddress): readonly string[] {
  if (address.scope === 'user') return [address.name];
  const definition = findSystemProperty(address.name);
  return definition ? [definition.name, ...definition.aliases] : [address.name];
}

function recordOf(message: FilterableMessage, scope: PropertyScope): Record<string, unknown> {
  return scope === 'sys' ? message.system : message.user;
}

export interface PropertyLookup {
  exists: boolean;
  value: unknown;
}

/**
 * Finds a property. A user property exists when its key is present, even with a null value; a system
 * property always exists on an Azure message, so here it exists when the message carries a value for it.
 */
export function lookUpProperty(message: FilterableMessage, address: PropertyAddress): PropertyLookup {
  const record = recordOf(message, address.scope);
  const key = findKey(record, namesOf(address));
  if (key === undefined) return { exists: false, value: undefined };
  const value = record[key];
  return { exists: address.scope === 'user' || (value !== undefined && value !== null), value };
}

/**
 * Sets a property on a record the caller owns, under the key it already has when present. A system
 * property held under several of its names (Label and Subject) is set under each, so they stay in step.
 */
export function writeProperty(message: FilterableMessage, address: PropertyAddress, value: unknown): void {
  const record = recordOf(message, address.scope);
  const names = namesOf(address);
  const aliasKeys = address.scope === 'sys' ? names.flatMap((name) => findKey(record, [name]) ?? []) : [];
  const keys = aliasKeys.length > 0 ? aliasKeys : [findKey(record, names) ?? address.name];
  // Defined rather than assigned, so a property named `__proto__` stays data and never reaches the prototype.
  for (const key of keys)
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Removes a property from a record the caller owns. */
export function removeProperty(message: FilterableMessage, address: PropertyAddress): void {
  const record = recordOf(message, address.scope);
  const key = findKey(record, namesOf(address));
  if (key !== undefined) delete record[key];
}
