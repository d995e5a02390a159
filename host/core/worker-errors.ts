/**
 * Errors the worker raises through the core module. The library tells them apart by `isAzureFunctionsSystemError`
 * (and, for log hooks, by the name `RangeError`), so they carry the same markers.
 */
export class AzFuncSystemError extends Error {
  readonly isAzureFunctionsSystemError = true;
}

export class AzFuncRangeError extends RangeError {
  readonly isAzureFunctionsSystemError = true;
}

export class ReadOnlyError extends TypeError {
  readonly isAzureFunctionsSystemError = true;

  constructor(propertyName: string) {
    super(`Cannot assign to read only property '${propertyName}'`);
  }
}
