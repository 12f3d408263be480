import { defineTexts } from '../../i18n/texts.ts'

/** A thread's messages and the form under it, shared by the citizen's and the staff's pages. */
export const threadTexts = defineTexts(
  'thread',
  {
    messages: 'Meldinger',
    messagesList: 'Meldinger i samtalen, eldste først',
    attachments: 'Vedlegg',
    attachmentSize: 'Vedlegg · {{size}}',
    cancel: 'Avbryt',
    tooLong: 'Meldingen kan ha høyst {{limit}} tegn.',
  },
  {
    nn: {
      messages: 'Meldingar',
      messagesList: 'Meldingar i samtalen, eldste først',
      attachments: 'Vedlegg',
      attachmentSize: 'Vedlegg · {{size}}',
      cancel: 'Avbryt',
      tooLong: 'Meldinga kan ha høgst {{limit}} teikn.',
    },
    en: {
      messages: 'Messages',
      messagesList: 'Messages in the conversation, oldest first',
      attachments: 'Attachments',
      attachmentSize: 'Attachment · {{size}}',
      cancel: 'Cancel',
      tooLong: 'The message can have at most {{limit}} characters.',
    },
  },
)
