import { isDomainError, type ErrorCode, type ValidationIssue } from '../domain/domain-error.js';
import { HttpEdgeError } from './http-edge-error.js';

/** Failures only the HTTP edge can detect, before any use case runs. */
export const httpEdgeErrorCodes = [
  'malformed_request',
  'payload_too_large',
  'unsupported_media_type',
  'precondition_required',
  'internal_error',
] as const;

export type HttpEdgeErrorCode = (typeof httpEdgeErrorCodes)[number];

export type ProblemCode = ErrorCode | HttpEdgeErrorCode;

export interface ProblemType {
  readonly status: number;
  readonly title: string;
}

/**
 * Every error code the API can answer with, mapped to its RFC 9457 status and title. The mapped type makes the map
 * total: adding a code to the domain's union, or to the edge's, fails compilation until it is mapped here.
 */
export const problemTypes: { readonly [Code in ProblemCode]: ProblemType } = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_request: { status: 400, title: 'The request body is not valid JSON' },
  order_not_found: { status: 404, title: 'Order not found' },
  invalid_transition: { status: 409, title: 'The order cannot make this change in its current state' },
  concurrency_conflict: { status: 409, title: 'The order was changed concurrently; retry' },
  precondition_failed: { status: 412, title: 'The order has changed since you last read it' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body must be application/json' },
  // The IETF Idempotency-Key draft answers a reused key with a different body by 422.
  idempotency_conflict: {
    status: 422,
    title: 'The Idempotency-Key was already used for a different request',
  },
  precondition_required: { status: 428, title: 'This request needs an If-Match header' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
};

/** Replace with a URL you control that documents each problem type. */
const problemTypeBase = 'https://example.com/problems/';

/** The problem type URI: stable per code, as RFC 9457 asks, and ideally leading to its documentation. */
export function problemTypeUri(code: ProblemCode): string {
  return `${problemTypeBase}${code.replaceAll('_', '-')}`;
}

export const problemContentType = 'application/problem+json';

/** An RFC 9457 problem document, with the code and the validation issues as extension members. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code: ProblemCode;
  readonly errors?: readonly { readonly pointer: string; readonly detail: string }[];
}

export interface ProblemOptions {
  readonly detail?: string;
  /** The request path or another URI naming this occurrence. */
  readonly instance?: string;
  readonly issues?: readonly ValidationIssue[];
}

export function toProblem(code: ProblemCode, options: ProblemOptions = {}): ProblemDocument {
  const { status, title } = problemTypes[code];
  return {
    type: problemTypeUri(code),
    title,
    status,
    ...(options.detail === undefined ? {} : { detail: options.detail }),
    ...(options.instance === undefined ? {} : { instance: options.instance }),
    code,
    // RFC 9457 section 3 shows this shape: a pointer per issue, as a URI fragment into the request body.
    ...(options.issues === undefined || options.issues.length === 0
      ? {}
      : { errors: options.issues.map((issue) => ({ pointer: `#${issue.pointer}`, detail: issue.message })) }),
  };
}

/**
 * The problem for anything a use case or the edge threw. A domain or edge error keeps its message as the detail;
 * anything else is an `internal_error` whose detail reveals nothing of the failure (it belongs in the logs, not the
 * response).
 */
export function problemFromError(
  error: unknown,
  options: { readonly instance?: string } = {},
): ProblemDocument {
  if (isDomainError(error) || error instanceof HttpEdgeError) {
    return toProblem(error.code, { ...options, detail: error.message, issues: error.issues });
  }
  return toProblem('internal_error', options);
}
