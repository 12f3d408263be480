import { defineTexts } from '../i18n/texts.ts'

/** The frame around every page: header, skip link and footer. */
export const appShellTexts = defineTexts(
  'app-shell',
  {
    skipToMain: 'Hopp til hovedinnhold',
    tagline: 'Helsefellesskapet i Vestfold',
    signedInAs: 'Logget inn som ',
    citizen: 'Innbygger',
    platformOperator: 'Plattformforvalter',
    healthPersonnel: 'Helsepersonell',
    logOut: 'Logg ut',
    logOutFailed: 'Vi klarte ikke å logge deg ut. Prøv igjen.',
    footer: 'Samband – samhandlingsplattform for helsefellesskapet i Vestfold: Sykehuset i Vestfold, kommunene, fastlegene og innbyggerne.',
  },
  {
    nn: {
      skipToMain: 'Hopp til hovudinnhaldet',
      tagline: 'Helsefellesskapet i Vestfold',
      signedInAs: 'Logga inn som ',
      citizen: 'Innbyggjar',
      platformOperator: 'Plattformforvaltar',
      healthPersonnel: 'Helsepersonell',
      logOut: 'Logg ut',
      logOutFailed: 'Vi klarte ikkje å logge deg ut. Prøv igjen.',
      footer: 'Samband – samhandlingsplattform for helsefellesskapet i Vestfold: Sjukehuset i Vestfold, kommunane, fastlegane og innbyggjarane.',
    },
    en: {
      skipToMain: 'Skip to main content',
      tagline: 'The Vestfold health community',
      signedInAs: 'Signed in as ',
      citizen: 'Citizen',
      platformOperator: 'Platform operator',
      healthPersonnel: 'Health personnel',
      logOut: 'Log out',
      logOutFailed: 'We could not log you out. Please try again.',
      footer: 'Samband – the collaboration platform of the Vestfold health community: Vestfold Hospital, the municipalities, the GPs and the citizens.',
    },
  },
)
