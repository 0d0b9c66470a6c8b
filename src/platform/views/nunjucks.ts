import path from 'node:path'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { formatDate, formatDateTime, formatDuration, formatNumber } from './format.ts'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const SRC = path.resolve(HERE, '../..')
const NODE_MODULES = path.resolve(SRC, '../node_modules')

/**
 * Templates are found in the shared platform views, in each module (`crimes/views/show.njk`), and in GOV.UK
 * Frontend and MoJ Frontend. Autoescape is on; templates are re-read on every render only in development, so
 * edits show at once there.
 */
export function createViewEnvironment(options: { watch: boolean }): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader(
    [
      HERE,
      path.join(SRC, 'modules'),
      path.join(NODE_MODULES, 'govuk-frontend/dist'),
      path.join(NODE_MODULES, '@ministryofjustice/frontend'),
    ],
    { noCache: options.watch },
  )
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false })
  env.addFilter('date', (value: Date | string | null | undefined) => formatDate(value))
  env.addFilter('dateTime', (value: Date | string | null | undefined) => formatDateTime(value))
  env.addFilter('duration', (milliseconds: number | null | undefined) => formatDuration(milliseconds))
  env.addFilter('number', (value: number | null | undefined) => formatNumber(value))
  return env
}

/**
 * Static files by URL prefix. The frameworks' stylesheets ask for fonts and images at /assets/fonts and
 * /assets/images, so their own asset folders are served there, side by side.
 */
export const ASSET_DIRECTORIES: Record<string, string | string[]> = {
  '/assets/': [
    path.join(NODE_MODULES, 'govuk-frontend/dist/govuk/assets'),
    path.join(NODE_MODULES, '@ministryofjustice/frontend/moj/assets'),
  ],
  '/assets/govuk/': path.join(NODE_MODULES, 'govuk-frontend/dist/govuk'),
  '/assets/moj/': path.join(NODE_MODULES, '@ministryofjustice/frontend/moj'),
  '/assets/tally/': path.join(HERE, 'assets'),
}
