// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk/govuk-frontend.min.js'

initAll()

// Tables written out by hand get the region the govukTable macro gives the rest (partials/_table.njk): labelled by
// their caption, focusable, scrolling sideways on its own when the table is wider than the screen.
for (const table of document.querySelectorAll('.govuk-main-wrapper table.govuk-table')) {
  if (table.closest('.tally-table-scroll')) {
    continue
  }
  const region = document.createElement('div')
  region.className = 'tally-table-scroll'
  region.setAttribute('role', 'region')
  region.setAttribute('aria-label', table.caption?.textContent?.trim() || 'Table')
  region.tabIndex = 0
  table.before(region)
  region.append(table)
}
