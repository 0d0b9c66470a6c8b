import { ValidationFailed, type FieldError } from './errors.ts'

/** A form's errors as GOV.UK components want them: a summary list linking to each field, and a message per field. */
export interface FormErrors {
  errors: Array<{ text: string; href: string }>
  fieldErrors: Record<string, { text: string }>
}

export function toFormErrors(errors: readonly FieldError[]): FormErrors {
  const fieldErrors: Record<string, { text: string }> = {}
  for (const error of errors) {
    // One message per field in the field itself (the first); the summary lists them all.
    fieldErrors[error.field] ??= { text: error.message }
  }
  return { errors: errors.map((error) => ({ text: error.message, href: `#${error.field}` })), fieldErrors }
}

/**
 * Runs a form's service call; if the input breaks a rule, returns the errors for the page to re-render with
 * instead of throwing. Anything else still throws.
 */
export async function submitForm<T>(
  action: () => Promise<T>,
): Promise<{ ok: true; value: T } | ({ ok: false } & FormErrors)> {
  try {
    return { ok: true, value: await action() }
  } catch (error) {
    if (error instanceof ValidationFailed) {
      return { ok: false, ...toFormErrors(error.fieldErrors) }
    }
    throw error
  }
}

/**
 * A GOV.UK date input is three boxes; its error must link to the first of them (`#<id>-day`), not to the
 * wrapper, or the link in the error summary goes nowhere a keyboard can land.
 */
export function linkDateInputs(form: FormErrors, dateFields: readonly string[]): FormErrors {
  return {
    ...form,
    errors: form.errors.map((error) =>
      dateFields.some((field) => error.href === `#${field}`) ? { ...error, href: `${error.href}-day` } : error,
    ),
  }
}

/** Checkbox groups post one value as a string and several as an array. */
export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined || value === '') {
    return []
  }
  return Array.isArray(value) ? value : [value]
}
