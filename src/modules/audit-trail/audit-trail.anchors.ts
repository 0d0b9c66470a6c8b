import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { hmac, type ChainKeyring } from './audit-trail.rules.ts'

const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined

/**
 * Anchors: every force's chain head at a moment, signed with the chain key and written to a folder outside the
 * database (ideally a share the database's operators cannot write). Someone with the database alone can delete
 * the end of a trail and move the chain head back so the chain still verifies; the last anchor still names the
 * head they removed, and `tally audit-trail verify` checks it without anyone having to remember it.
 */
export const ANCHOR_FORMAT = 'tally-audit-anchor/1'

export interface AnchorHead {
  force: string
  forceId: number
  seq: number
  hash: string
}

export interface Anchor {
  format: typeof ANCHOR_FORMAT
  writtenAt: string
  heads: AnchorHead[]
  keyId: string
  mac: string
}

function signedText(anchor: Pick<Anchor, 'format' | 'writtenAt' | 'heads'>): string {
  return canonicalize({ format: anchor.format, writtenAt: anchor.writtenAt, heads: anchor.heads }) ?? ''
}

export function signAnchor(keys: ChainKeyring, writtenAt: Date, heads: AnchorHead[]): Anchor {
  const unsigned = { format: ANCHOR_FORMAT, writtenAt: writtenAt.toISOString(), heads } as const
  return { ...unsigned, ...keys.sign(signedText(unsigned)) }
}

export function verifyAnchorSignature(keys: ChainKeyring, anchor: Anchor): boolean {
  const secret = keys.secretFor(anchor.keyId)
  return secret !== undefined && anchor.format === ANCHOR_FORMAT && hmac(secret, signedText(anchor)) === anchor.mac
}

const ANCHOR_FILE = /^anchor-\d{8}T\d{9}Z\.json$/

/** The folder anchors are exported to; file names sort in the order they were written. */
export class AnchorDirectory {
  constructor(readonly directory: string) {}

  async write(anchor: Anchor): Promise<string> {
    await mkdir(this.directory, { recursive: true })
    const stamp = anchor.writtenAt.replaceAll(/[-:.]/g, '')
    const file = path.join(this.directory, `anchor-${stamp}.json`)
    // Written whole or not at all: a half-written anchor would fail its signature check on the next verify.
    const partial = `${file}.partial`
    await writeFile(partial, `${JSON.stringify(anchor, null, 2)}\n`, { mode: 0o640 })
    await rename(partial, file)
    return file
  }

  /** The most recently written anchor, or undefined when none has been exported yet. */
  async latest(): Promise<string | undefined> {
    let names: string[]
    try {
      names = await readdir(this.directory)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined
      }
      throw error
    }
    const latest = names
      .filter((name) => ANCHOR_FILE.test(name))
      .sort((a, b) => a.localeCompare(b))
      .at(-1)
    return latest === undefined ? undefined : path.join(this.directory, latest)
  }
}

/** Reads an anchor file; a file that is not one is reported as such rather than thrown. */
export async function readAnchor(file: string): Promise<Anchor | string> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Anchor>
    const heads = Array.isArray(parsed.heads) ? parsed.heads : undefined
    if (
      parsed.format !== ANCHOR_FORMAT ||
      typeof parsed.writtenAt !== 'string' ||
      typeof parsed.keyId !== 'string' ||
      typeof parsed.mac !== 'string' ||
      heads === undefined ||
      !heads.every(
        (head: Partial<AnchorHead>) =>
          typeof head.force === 'string' &&
          Number.isSafeInteger(head.forceId) &&
          Number.isSafeInteger(head.seq) &&
          typeof head.hash === 'string',
      )
    ) {
      return `${file} is not a Tally audit anchor`
    }
    return parsed as Anchor
  } catch (error) {
    return `${file} cannot be read: ${(error as Error).message}`
  }
}
