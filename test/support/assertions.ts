import { expect } from 'vitest'
import { ValidationFailed } from '../../src/platform/http/errors.ts'

/** The error `work` fails with; the test fails if it succeeds. */
export async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected it to fail')
    },
    (error: unknown) => error,
  )
}

/** The field errors of the bad input `work` is refused for; the test fails on any other outcome. */
export async function problemsOf(work: Promise<unknown>): Promise<ReadonlyArray<{ field: string; message: string }>> {
  const error = await failure(work)
  expect(error).toBeInstanceOf(ValidationFailed)
  return (error as ValidationFailed).fieldErrors
}

/** The fields named by the bad input `work` is refused for, in the order the service gave them. */
export async function fieldsOf(work: Promise<unknown>): Promise<string[]> {
  return (await problemsOf(work)).map((problem) => problem.field)
}
