/** How statuses read on the integrity pages and the report. */
export const NON_CRIME_STATUS_TEXT: Record<string, string> = {
  awaiting: 'Awaiting review',
  agreed: 'Agreed',
  sent_back: 'Sent back',
}

export const FINDING_STATUS_TEXT: Record<string, string> = {
  open: 'Awaiting verdict',
  crime_recorded: 'Crime recorded now',
  not_a_crime: 'Not a crime',
  recorded_elsewhere: 'Already recorded elsewhere',
}
