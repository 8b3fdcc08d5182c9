import type { HeadSlot } from '../domain.js';

/** Base of every error a service throws on purpose: a stable code and a message a person can act on. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationError extends DomainError {
  override readonly code: string;
  constructor(message: string, options: { code?: string; details?: Record<string, unknown> } = {}) {
    super(message, options.details);
    this.code = options.code ?? 'validation_failed';
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** Signed in, but not allowed to do this. */
export class PermissionError extends DomainError {
  readonly code = 'forbidden';
}

/** Not signed in, or the credentials are wrong. */
export class AuthenticationError extends DomainError {
  readonly code = 'unauthenticated';
}

export class TooManyRequestsError extends DomainError {
  readonly code = 'too_many_requests';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, { retryAfterSeconds });
  }
}

export class InvalidTransitionError extends DomainError {
  readonly code = 'invalid_transition';
}

export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
}

/** Someone else changed the slot since the client last saw it; carries the current head. */
export class StaleVersionError extends DomainError {
  readonly code = 'stale_version';
  constructor(message: string, readonly current: HeadSlot) {
    super(message, { current });
  }
}
