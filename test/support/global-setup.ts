import { prepareMigratedCopy } from './test-database.ts'

export default async function setup(): Promise<void> {
  await prepareMigratedCopy()
}
