/** Alert e-mails over SMTP (nodemailer), plain text, with bounded timeouts. */
import { createTransport } from 'nodemailer'

export type OutgoingMail = {
  to: string
  subject: string
  text: string
  /** Message-ID header: stable per alert, so that a resend after a crash can be recognised as the same e-mail. */
  messageId: string
}

export type AlertMailer = {
  send(mail: OutgoingMail): Promise<void>
  close(): void
}

/**
 * `smtpUrl` is e.g. smtp://relay.internal:25, smtp://user:password@host:587 (STARTTLS when offered) or smtps://host:465.
 * The timeouts are short because the alert stays locked in its claim transaction while it is being sent.
 */
export function createSmtpMailer(smtpUrl: string, from: string): AlertMailer {
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Only the text we give it: never let message options read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  })
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        // RFC 3834: no auto-replies (out of office) back to a no-reply address.
        headers: { 'Auto-Submitted': 'auto-generated' },
      })
      if (info.rejected.length > 0) throw Object.assign(new Error('the SMTP server refused the recipient'), { code: 'EENVELOPE' })
    },
    close() {
      transport.close()
    },
  }
}
