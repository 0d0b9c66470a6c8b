#!/usr/bin/env node
// The `tally` command. Tally runs its TypeScript directly through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../src/cli/main.ts')
await runCli(process.argv.slice(2))
