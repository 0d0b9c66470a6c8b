import nodemailer, { type Transporter } from 'nodemailer'

/** One email to send. */
export interface Email {
  to: string
  subject: string
  text: string
}

/** Sends an email or throws; the outbox decides what a failure means. */
export interface Mailer {
  send(email: Email): Promise<void>
}

export interface SmtpSettings {
  host: string
  port: number
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean
  user: string | undefined
  password: string | undefined
  from: string
}

/** Email through the force's SMTP relay (nodemailer). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.user === undefined ? {} : { auth: { user: settings.user, pass: settings.password ?? '' } }),
      // A relay that does not answer must not hold a delivery run for minutes: the outbox retries it later.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    })
  }

  async send(email: Email): Promise<void> {
    await this.transport.sendMail({ from: this.settings.from, to: email.to, subject: email.subject, text: email.text })
  }

  close(): void {
    this.transport.close()
  }
}
