/** The worker's `Disposable`, handed to apps through the core module (`registerFunction`, `registerHook`). */
export class Disposable {
  #callOnDispose: (() => unknown) | undefined;

  /** Combines objects that have a `dispose()` into one; asynchronous disposals are not awaited, as in the worker. */
  static from(...disposables: { dispose: () => unknown }[]): Disposable {
    return new Disposable(() => {
      for (const disposable of disposables) disposable.dispose();
    });
  }

  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }

  dispose(): unknown {
    const callOnDispose = this.#callOnDispose;
    this.#callOnDispose = undefined;
    return callOnDispose?.();
  }
}
