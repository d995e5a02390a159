/**
 * Why a publish request is refused, as a closed set; `publishErrorResponse` maps each to the status and
 * `{"error":{"code","message","details"}}` body Event Grid returns, and the compiler proves the map total.
 */
export type PublishErrorCode =
  | 'TopicNotFound'
  | 'MethodNotAllowed'
  | 'ApiVersionRequired'
  | 'AuthorizationMissing'
  | 'AuthorizationInvalid'
  | 'PayloadTooLarge'
  | 'UnsupportedContentType'
  | 'InvalidEvents';

export interface PublishError {
  code: PublishErrorCode;
  message: string;
}

const wireCodes: Record<PublishErrorCode, { status: number; code: string; detailCode: string }> = {
  TopicNotFound: { status: 404, code: 'NotFound', detailCode: 'ResourceNotFound' },
  MethodNotAllowed: { status: 405, code: 'MethodNotAllowed', detailCode: 'MethodNotAllowed' },
  ApiVersionRequired: { status: 400, code: 'BadRequest', detailCode: 'InvalidApiVersion' },
  AuthorizationMissing: { status: 401, code: 'Unauthorized', detailCode: 'Unauthorized' },
  AuthorizationInvalid: { status: 401, code: 'Unauthorized', detailCode: 'Unauthorized' },
  PayloadTooLarge: { status: 413, code: 'RequestEntityTooLarge', detailCode: 'PayloadTooLarge' },
  UnsupportedContentType: { status: 415, code: 'UnsupportedMediaType', detailCode: 'InvalidContentType' },
  InvalidEvents: { status: 400, code: 'BadRequest', detailCode: 'InputJsonInvalid' },
};

export interface PublishErrorResponse {
  status: number;
  body: { error: { code: string; message: string; details: { code: string; message: string }[] } };
}

/**
 * Event Grid ends its messages with a support reference; the emulator keeps the shape so code that logs or parses
 * the message sees what it will see on Azure.
 */
export function publishErrorResponse(
  error: PublishError,
  requestId: string,
  now: Date,
): PublishErrorResponse {
  const wire = wireCodes[error.code];
  const message = `${error.message} Report '${requestId}:${serviceTime(now)} (UTC)' to our forums for assistance or raise a support ticket.`;
  return {
    status: wire.status,
    body: { error: { code: wire.code, message, details: [{ code: wire.detailCode, message }] } },
  };
}

/** The .NET "M/d/yyyy h:mm:ss tt" form the service uses in messages and SAS expiry times. */
export function serviceTime(date: Date): string {
  const hours = date.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ` +
    `${hours % 12 === 0 ? 12 : hours % 12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours >= 12 ? 'PM' : 'AM'}`
  );
}
