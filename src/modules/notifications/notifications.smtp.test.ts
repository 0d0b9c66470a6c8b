import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeActor, type Actor } from '../../platform/auth/actor.ts'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

interface Received {
  to: string[]
  data: string
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server), started by the test on a free port. It refuses the first
 * message it is given (a temporary failure, as a busy relay would) and accepts the rest.
 */
async function startMailServer(
  port = 0,
  received: Received[] = [],
): Promise<{
  server: SMTPServer
  port: number
  received: Received[]
  refuseNext: { count: number }
}> {
  const refuseNext = { count: 0 }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (refuseNext.count > 0) {
          refuseNext.count -= 1
          const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 })
          callback(error)
          return
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { server, port: (server.server.address() as AddressInfo).port, received, refuseNext }
}

describe('email notifications through the outbox', () => {
  let ctx: TestContext
  let mail: Awaited<ReturnType<typeof startMailServer>>
  let triager: Actor

  beforeAll(async () => {
    mail = await startMailServer()
    ctx = await createTestContext({
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(mail.port),
        MAIL_FROM: 'Tally <tally@demo.police.uk>',
        PUBLIC_URL: 'https://tally.demo.police.uk',
      },
    })
    const admin = (await ctx.force.user('administrator')).actor
    const { userId } = await ctx.deps.services.accounts.createUser(admin, {
      username: 'triager',
      displayName: 'Sam Triager',
      email: 'sam.triager@demo.police.uk',
      password: 'correct horse battery',
      roles: ['imu_decision_maker'],
    })
    triager = makeActor({
      forceId: ctx.force.forceId,
      type: 'user',
      id: userId,
      name: 'Sam Triager',
      roles: ['imu_decision_maker'],
    })
  })
  afterAll(async () => {
    await ctx.close()
    await new Promise<void>((resolve) => mail.server.close(() => resolve()))
  })

  const notify = (subject: string) =>
    ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      ctx.deps.services.notifications.notifyIn(tx, {
        recipientUserIds: [triager.id],
        subject,
        body: 'A school reported a theft.',
        link: '/partner-reports/triage',
      }),
    )

  it('shows the notice on screen at once and emails it when the outbox is delivered', async () => {
    const { notifications } = ctx.deps.services
    await notify('New third-party report TPR-AAAA-AAAA to triage')
    expect((await notifications.mine(triager)).unread).toBe(1)
    expect(mail.received).toHaveLength(0)
    expect(await notifications.deliverDue(ctx.force.forceId)).toEqual({ sent: 1, failed: 0 })
    expect(mail.received).toHaveLength(1)
    expect(mail.received[0]!.to).toEqual(['sam.triager@demo.police.uk'])
    expect(mail.received[0]!.data).toContain('Subject: New third-party report TPR-AAAA-AAAA to triage')
    expect(mail.received[0]!.data).toContain('https://tally.demo.police.uk/partner-reports/triage')
    // Sent once: another run sends nothing.
    expect(await notifications.deliverDue(ctx.force.forceId)).toEqual({ sent: 0, failed: 0 })
    expect((await notifications.waiting(ctx.force.forceId)).count).toBe(0)
  })

  it('keeps a message the server refused, and sends it after the backoff', async () => {
    const { notifications } = ctx.deps.services
    const before = mail.received.length
    mail.refuseNext.count = 1
    await notify('Your report TPR-BBBB-BBBB: Recorded as a crime')
    expect(await notifications.deliverDue(ctx.force.forceId)).toEqual({ sent: 0, failed: 1 })
    expect(await notifications.waiting(ctx.force.forceId)).toMatchObject({ count: 1 })
    // Not due again until the first retry's minute has passed.
    ctx.clock.advance(30_000)
    expect(await notifications.deliverDue(ctx.force.forceId)).toEqual({ sent: 0, failed: 0 })
    ctx.clock.advance(31_000)
    expect(await notifications.deliverDue(ctx.force.forceId)).toEqual({ sent: 1, failed: 0 })
    expect(mail.received.slice(before).map((m) => m.data)).toEqual([expect.stringContaining('TPR-BBBB-BBBB')])
    expect((await notifications.waiting(ctx.force.forceId)).count).toBe(0)
  })

  it('keeps retrying a relay that is down, and never loses the message', async () => {
    const { notifications } = ctx.deps.services
    await new Promise<void>((resolve) => mail.server.close(() => resolve()))
    await notify('Relay down')
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await notifications.deliverDue(ctx.force.forceId)).toEqual({ sent: 0, failed: 1 })
      ctx.clock.advance(60 * 60_000)
    }
    expect(await notifications.waiting(ctx.force.forceId)).toMatchObject({ count: 1 })
    // The relay comes back on the same port; the message goes.
    const port = mail.port
    mail = await startMailServer(port, mail.received)
    expect(await notifications.deliverDue(ctx.force.forceId)).toEqual({ sent: 1, failed: 0 })
    expect(mail.received.at(-1)!.data).toContain('Subject: Relay down')
  })
})
