import readline from 'node:readline'

/** Reads one secret: the first line of piped standard input, or typed at an unechoed prompt on a terminal. */
export async function readSecret(prompt: string): Promise<string> {
  const input = process.stdin
  if (!input.isTTY) {
    let text = ''
    for await (const chunk of input) {
      text += String(chunk)
    }
    return text.split(/\r?\n/)[0] ?? ''
  }
  const rl = readline.createInterface({ input, output: process.stdout, terminal: true })
  const output = rl as unknown as { _writeToOutput: (text: string) => void; output: NodeJS.WriteStream }
  let prompted = false
  output._writeToOutput = (text: string) => {
    if (!prompted) {
      output.output.write(text)
      prompted = true
    }
  }
  try {
    return await new Promise<string>((resolve) => rl.question(prompt, resolve))
  } finally {
    rl.close()
    process.stdout.write('\n')
  }
}
