import type { ValidationIssue } from '../domain/domain-error.js';
import type { ProblemCode } from './problem-details.js';

/** A failure the HTTP edge detects before any use case runs (a body too large, not JSON, a bad If-Match). */
export class HttpEdgeError extends Error {
  override readonly name = 'HttpEdgeError';
  readonly code: ProblemCode;
  readonly issues: readonly ValidationIssue[];

  constructor(code: ProblemCode, message: string, issues: readonly ValidationIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}
