import type { AdvancedFilter, AdvancedFilterOperator, FilterDefinition } from '../definitions.js';
import type { ConfigReader } from './config-reader.js';

/** Azure's limits on advanced filters (GA API): 25 filters and 25 values across them, 512 characters a string. */
const maxAdvancedFilters = 25;
const maxAdvancedFilterValues = 25;
const maxFilterStringLength = 512;

/** An ARM `filter`, with Azure's defaults and limits. */
export function readFilter(reader: ConfigReader, raw: unknown, path: string): FilterDefinition | undefined {
  const filter: FilterDefinition = {
    subjectBeginsWith: '',
    subjectEndsWith: '',
    isSubjectCaseSensitive: false,
    enableAdvancedFilteringOnArrays: false,
    advancedFilters: [],
  };
  if (raw === undefined) return filter;
  const input = reader.object(raw, path, [
    'includedEventTypes',
    'subjectBeginsWith',
    'subjectEndsWith',
    'isSubjectCaseSensitive',
    'enableAdvancedFilteringOnArrays',
    'advancedFilters',
  ]);
  if (!input) return undefined;
  const types = reader.array(input['includedEventTypes'], `${path}.includedEventTypes`);
  const includedEventTypes = types
    ?.map((type, i) => reader.requiredString(type, `${path}.includedEventTypes[${i}]`))
    .filter((type): type is string => type !== undefined);
  // `All` is how the first API version said "every type"; Azure still accepts it.
  if (includedEventTypes && !includedEventTypes.some((type) => type.toLowerCase() === 'all')) {
    filter.includedEventTypes = includedEventTypes;
  }
  filter.subjectBeginsWith = reader.string(input['subjectBeginsWith'], `${path}.subjectBeginsWith`) ?? '';
  filter.subjectEndsWith = reader.string(input['subjectEndsWith'], `${path}.subjectEndsWith`) ?? '';
  filter.isSubjectCaseSensitive =
    reader.boolean(input['isSubjectCaseSensitive'], `${path}.isSubjectCaseSensitive`) ?? false;
  filter.enableAdvancedFilteringOnArrays =
    reader.boolean(input['enableAdvancedFilteringOnArrays'], `${path}.enableAdvancedFilteringOnArrays`) ??
    false;
  const advanced = reader.array(input['advancedFilters'], `${path}.advancedFilters`) ?? [];
  if (advanced.length > maxAdvancedFilters) {
    reader.report(`${path}.advancedFilters`, `allows at most ${maxAdvancedFilters} filters`);
  }
  filter.advancedFilters = advanced
    .map((entry, i) => readAdvancedFilter(reader, entry, `${path}.advancedFilters[${i}]`))
    .filter((entry): entry is AdvancedFilter => entry !== undefined);
  const valueCount = filter.advancedFilters.reduce(
    (sum, entry) => sum + ('values' in entry ? entry.values.length : 1),
    0,
  );
  if (valueCount > maxAdvancedFilterValues) {
    reader.report(
      `${path}.advancedFilters`,
      `allows at most ${maxAdvancedFilterValues} values across all filters`,
    );
  }
  return filter;
}

const numberComparisons = [
  'NumberGreaterThan',
  'NumberGreaterThanOrEquals',
  'NumberLessThan',
  'NumberLessThanOrEquals',
] as const;
const numberSets = ['NumberIn', 'NumberNotIn'] as const;
const numberRanges = ['NumberInRange', 'NumberNotInRange'] as const;
const stringOperators = [
  'StringContains',
  'StringNotContains',
  'StringBeginsWith',
  'StringNotBeginsWith',
  'StringEndsWith',
  'StringNotEndsWith',
  'StringIn',
  'StringNotIn',
] as const;
const presenceOperators = ['IsNullOrUndefined', 'IsNotNull'] as const;
const allOperators: readonly AdvancedFilterOperator[] = [
  ...numberComparisons,
  ...numberSets,
  ...numberRanges,
  'BoolEquals',
  ...stringOperators,
  ...presenceOperators,
];

function readAdvancedFilter(reader: ConfigReader, raw: unknown, path: string): AdvancedFilter | undefined {
  const input = reader.object(raw, path, ['operatorType', 'key', 'value', 'values']);
  if (!input) return undefined;
  const operatorType = reader.oneOf(input['operatorType'], `${path}.operatorType`, allOperators);
  const key = reader.requiredString(input['key'], `${path}.key`, {
    pattern: /\S/,
    describe: 'a non-empty key',
  });
  if (operatorType === undefined || key === undefined) {
    if (input['operatorType'] === undefined) reader.report(`${path}.operatorType`, 'is required');
    return undefined;
  }
  const value = input['value'];
  const values = input['values'];
  const isOneOf = <T extends string>(list: readonly T[]): boolean => list.includes(operatorType as T);

  if (isOneOf(numberComparisons)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return reject(reader, `${path}.value`, 'must be a number');
    }
    return { operatorType: operatorType as (typeof numberComparisons)[number], key, value };
  }
  if (operatorType === 'BoolEquals') {
    if (typeof value !== 'boolean') return reject(reader, `${path}.value`, 'must be true or false');
    return { operatorType, key, value };
  }
  if (isOneOf(presenceOperators)) {
    return { operatorType: operatorType as (typeof presenceOperators)[number], key };
  }
  if (!Array.isArray(values) || values.length === 0) {
    return reject(reader, `${path}.values`, 'must be a non-empty array');
  }
  if (isOneOf(numberSets)) {
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return reject(reader, `${path}.values`, 'must hold numbers');
    }
    return { operatorType: operatorType as (typeof numberSets)[number], key, values: values as number[] };
  }
  if (isOneOf(numberRanges)) {
    const ranges = values.filter(
      (v): v is [number, number] =>
        Array.isArray(v) &&
        v.length === 2 &&
        typeof v[0] === 'number' &&
        typeof v[1] === 'number' &&
        v[0] <= v[1],
    );
    if (ranges.length !== values.length) {
      return reject(reader, `${path}.values`, 'must hold [low, high] pairs');
    }
    return { operatorType: operatorType as (typeof numberRanges)[number], key, values: ranges };
  }
  if (!values.every((v) => typeof v === 'string' && v.length <= maxFilterStringLength)) {
    return reject(
      reader,
      `${path}.values`,
      `must hold strings of at most ${maxFilterStringLength} characters`,
    );
  }
  return { operatorType: operatorType as (typeof stringOperators)[number], key, values: values as string[] };
}

function reject(reader: ConfigReader, path: string, message: string): undefined {
  reader.report(path, message);
  return undefined;
}
