import type { FilterDefinition } from '../definitions.js';
import type { AcceptedEvent } from '../events.js';
import { matchesAdvancedFilter } from './advanced-filter.js';
import { lookUpFilterKey } from './filter-key.js';

export type EventFilter = (event: AcceptedEvent) => boolean;

/** A subscription's filter as one predicate: event types, subject prefix and suffix, then advanced filters. */
export function createEventFilter(filter: FilterDefinition): EventFilter {
  const includedTypes = filter.includedEventTypes?.map((type) => type.toLowerCase());
  const fold = (text: string): string => (filter.isSubjectCaseSensitive ? text : text.toLowerCase());
  const prefix = fold(filter.subjectBeginsWith);
  const suffix = fold(filter.subjectEndsWith);
  return (event) => {
    const body = event.body;
    const eventType = event.schema === 'EventGridSchema' ? body['eventType'] : body['type'];
    if (
      includedTypes &&
      !(typeof eventType === 'string' && includedTypes.includes(eventType.toLowerCase()))
    ) {
      return false;
    }
    if (prefix !== '' || suffix !== '') {
      const subject = typeof body['subject'] === 'string' ? fold(body['subject']) : '';
      if (!subject.startsWith(prefix) || !subject.endsWith(suffix)) return false;
    }
    return filter.advancedFilters.every((advanced) =>
      matchesAdvancedFilter(
        advanced,
        lookUpFilterKey(body, advanced.key),
        filter.enableAdvancedFilteringOnArrays,
      ),
    );
  };
}
