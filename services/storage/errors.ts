/** Storage failures in domain terms, so callers never look at HTTP status codes or SDK error shapes. */

export class ConcurrencyError extends Error {
  constructor(what: string) {
    super(`${what} was changed by someone else; reload and try again`);
    this.name = "ConcurrencyError";
  }
}

export class AlreadyExistsError extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = "AlreadyExistsError";
  }
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} was not found`);
    this.name = "NotFoundError";
  }
}

export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super("Table storage is not answering", { cause });
    this.name = "StorageUnavailableError";
  }
}

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  details?: { odataError?: { code?: string } };
}

function statusOf(err: unknown): number | undefined {
  return typeof err === "object" && err !== null ? (err as RestErrorLike).statusCode : undefined;
}

export function isStatus(err: unknown, status: number): boolean {
  return statusOf(err) === status;
}

/**
 * Translate an SDK error into a domain error. `what` names the thing for the message
 * ("response for round r1"). Unknown errors with no HTTP status (connection refused, timeouts)
 * become StorageUnavailableError: the caller shows "couldn't save, please try again".
 */
export function translateStorageError(err: unknown, what: string): Error {
  const status = statusOf(err);
  if (status === 412) return new ConcurrencyError(what);
  if (status === 409) return new AlreadyExistsError(what);
  if (status === 404) return new NotFoundError(what);
  if (status === undefined || status >= 500) return new StorageUnavailableError(err);
  return err instanceof Error ? err : new Error(String(err));
}
