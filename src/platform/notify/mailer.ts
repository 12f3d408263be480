/**
 * Plain-text e-mail: the one Mailer interface every module sends through, and its SMTP implementation (nodemailer)
 * with bounded timeouts. The development mailbox (dev-mailbox.ts) implements the same interface.
 */
import { createTransport } from 'nodemailer'

export type OutgoingMail = {
  to: string
  subject: string
  text: string
  /** Message-ID header: stable per notification, so that a resend after a crash can be recognised as the same e-mail. */
  messageId: string
  /** What the e-mail is about (e.g. 'apprec-overdue'), for the development mailbox; never sent. */
  kind?: string
}

export type Mailer = {
  send(mail: OutgoingMail): Promise<void>
  close(): void
}

/** The SMTP server refused the recipient: trying again will not help. */
export class MailRecipientRefused extends Error {
  override name = 'MailRecipientRefused'
}

export type SmtpMailerOptions = {
  /** smtp://relay.internal:25, smtp://user:password@host:587 (STARTTLS when offered) or smtps://host:465. */
  url: string
  /** From: of every e-mail this mailer sends. */
  from: string
  connectionTimeoutMs?: number
  socketTimeoutMs?: number
}

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = createTransport({
    url: options.url,
    // A few connections kept open: an incident notice to many subscribers does not open one per e-mail.
    pool: true,
    maxConnections: 3,
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.connectionTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
    // Only the text we give it: never let message options read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  })
  return {
    async send(mail) {
      let info: { rejected: unknown[] }
      try {
        info = await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          // RFC 3834: no auto-replies (out of office) back to a no-reply address.
          headers: { 'Auto-Submitted': 'auto-generated' },
        })
      } catch (error) {
        // A permanent (5xx) refusal of the envelope: the address is wrong, not the server away.
        const e = error as { code?: string; responseCode?: number }
        if (e.code === 'EENVELOPE' && typeof e.responseCode === 'number' && e.responseCode >= 500)
          throw new MailRecipientRefused('the SMTP server refused the recipient')
        throw error
      }
      if (info.rejected.length > 0) throw new MailRecipientRefused('the SMTP server refused the recipient')
    },
    close() {
      transport.close()
    },
  }
}
