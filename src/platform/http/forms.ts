import type { FastifyReply } from 'fastify'
import { errorSummary, type FormErrors } from '../views/govuk.ts'
import { ValidationFailed, type FieldError } from './errors.ts'

export type { FormErrors } from '../views/govuk.ts'

export function toFormErrors(errors: readonly FieldError[]): FormErrors {
  return errorSummary(errors)
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

/** The page to show again when a form's input breaks a rule: its template and view model (without the errors). */
export interface FormPage {
  template: string
  model: Record<string, unknown>
}

/**
 * The usual form post: run the service call; if the input breaks a rule, show the form again with status 400, the
 * errors (dates linked to their day box) and what was entered; otherwise flash what happened and redirect (303)
 * to the page to see it on.
 */
export async function handleForm<T>(
  reply: FastifyReply,
  form: {
    submit: () => Promise<T>
    invalid: (errors: FormErrors) => FormPage | Promise<FormPage>
    done: (value: T) => { flash: string; redirect: string }
    dateFields?: readonly string[]
  },
): Promise<FastifyReply> {
  const result = await submitForm(form.submit)
  if (!result.ok) {
    const errors = linkDateInputs(result, form.dateFields ?? [])
    const page = await form.invalid(errors)
    return reply.status(400).render(page.template, { ...errors, ...page.model })
  }
  const { flash, redirect } = form.done(result.value)
  return reply.flash(flash).redirect(redirect, 303)
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
