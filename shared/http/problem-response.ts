import type { ApiResponse } from './api-request.js';
import { apiRoutes, type ApiOperation } from './api-routes.js';
import { problemContentType, problemFromError, toProblem, type ProblemDocument } from './problem-details.js';

/**
 * The problem response for an error thrown while serving `operation`. A code the operation does not declare is
 * answered as `internal_error`: the API never sends a status its OpenAPI document does not list.
 */
export function problemResponse(
  operation: ApiOperation,
  error: unknown,
  options: { readonly instance?: string } = {},
): { readonly response: ApiResponse; readonly problem: ProblemDocument } {
  const declared: readonly string[] = apiRoutes[operation].problems;
  const found = problemFromError(error, options);
  const problem = declared.includes(found.code) ? found : toProblem('internal_error', options);
  return {
    problem,
    response: {
      status: problem.status,
      headers: { 'content-type': problemContentType },
      body: JSON.stringify(problem),
    },
  };
}
