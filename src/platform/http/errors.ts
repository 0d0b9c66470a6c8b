/**
 * The few errors services throw. One handler (error-handler.ts) turns them into a JSON problem for the API
 * and a GOV.UK page for people. Ordinary form mistakes are not errors: pages re-render with their field errors.
 */

/** A problem with one field, in words the person can act on; `field` is the input's id (and the API property path). */
export interface FieldError {
  field: string
  message: string
}

export class NotFound extends Error {
  readonly statusCode = 404
  constructor(message = 'Page not found') {
    super(message)
    this.name = 'NotFound'
  }
}

export class Forbidden extends Error {
  readonly statusCode = 403
  constructor(message = 'You do not have permission to do that') {
    super(message)
    this.name = 'Forbidden'
  }
}

/** A stale version, a duplicate submission with different content, or an action the record's state does not allow. */
export class Conflict extends Error {
  readonly statusCode = 409
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'Conflict'
  }
}

/** Input that breaks a rule; carries every field problem found, not just the first. */
export class ValidationFailed extends Error {
  readonly statusCode = 400
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super(fieldErrors.map((error) => `${error.field}: ${error.message}`).join('; ') || 'Invalid input')
    this.name = 'ValidationFailed'
  }

  static of(field: string, message: string): ValidationFailed {
    return new ValidationFailed([{ field, message }])
  }
}

/** Collects field errors while checking several rules, then throws them together. */
export class FieldErrors {
  private readonly errors: FieldError[] = []

  add(field: string, message: string): this {
    this.errors.push({ field, message })
    return this
  }

  check(condition: boolean, field: string, message: string): this {
    if (!condition) {
      this.add(field, message)
    }
    return this
  }

  get list(): readonly FieldError[] {
    return this.errors
  }

  throwIfAny(): void {
    if (this.errors.length > 0) {
      throw new ValidationFailed(this.errors)
    }
  }
}

/** Another module's field errors, renamed under the property that holds them (e.g. location.postcode). */
export async function prefixed<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ValidationFailed) {
      throw new ValidationFailed(error.fieldErrors.map((e) => ({ field: `${prefix}.${e.field}`, message: e.message })))
    }
    throw error
  }
}
