import { defineTexts } from '../../i18n/texts.ts'

/** The front page and the page for an address that leads nowhere. */
export const fellesTexts = defineTexts(
  'felles',
  {
    title: 'Samhandling i helsefellesskapet i Vestfold',
    intro:
      'Samband er samhandlingsplattformen for helsefellesskapet i Vestfold. Her samarbeider Sykehuset i Vestfold, kommunene Horten, Holmestrand, Tønsberg, Sandefjord, Larvik og Færder, fastlegene og innbyggerne.',
    signedInAs: 'Du er logget inn som {{name}}.',
    toYourPage: 'Gå til din side',
    forCitizens: 'For innbyggere',
    forCitizensText:
      'Send meldinger til kommunen, se helsekontaktene dine, hvem du kan handle på vegne av, og hvem som har sett opplysningene dine. Du logger inn med ID-porten.',
    logInCitizen: 'Logg inn som innbygger',
    forStaff: 'For helsepersonell',
    forStaffText: 'For ansatte i sykehuset, kommunene og på legekontorene. Du logger inn med HelseID og handler på vegne av tjenesten din.',
    logInStaff: 'Logg inn som helsepersonell',
    notFoundTitle: 'Fant ikke siden',
    notFoundText: 'Siden du leter etter finnes ikke, eller den er flyttet. Sjekk at adressen er riktig.',
    toFrontPage: 'Gå til forsiden',
  },
  {
    nn: {
      title: 'Samhandling i helsefellesskapet i Vestfold',
      intro:
        'Samband er samhandlingsplattforma for helsefellesskapet i Vestfold. Her samarbeider Sjukehuset i Vestfold, kommunane Horten, Holmestrand, Tønsberg, Sandefjord, Larvik og Færder, fastlegane og innbyggjarane.',
      signedInAs: 'Du er logga inn som {{name}}.',
      toYourPage: 'Gå til sida di',
      forCitizens: 'For innbyggjarar',
      forCitizensText:
        'Send meldingar til kommunen, sjå helsekontaktane dine, kven du kan handle på vegner av, og kven som har sett opplysningane dine. Du loggar inn med ID-porten.',
      logInCitizen: 'Logg inn som innbyggjar',
      forStaff: 'For helsepersonell',
      forStaffText: 'For tilsette på sjukehuset, i kommunane og på legekontora. Du loggar inn med HelseID og handlar på vegner av tenesta di.',
      logInStaff: 'Logg inn som helsepersonell',
      notFoundTitle: 'Fann ikkje sida',
      notFoundText: 'Sida du leitar etter finst ikkje, eller ho er flytta. Sjekk at adressa er rett.',
      toFrontPage: 'Gå til framsida',
    },
    en: {
      title: 'Collaboration in the Vestfold health community',
      intro:
        'Samband is the collaboration platform of the Vestfold health community. Vestfold Hospital, the municipalities of Horten, Holmestrand, Tønsberg, Sandefjord, Larvik and Færder, the GPs and the citizens work together here.',
      signedInAs: 'You are logged in as {{name}}.',
      toYourPage: 'Go to your page',
      forCitizens: 'For citizens',
      forCitizensText:
        'Send messages to your municipality, see your health contacts, whom you can act for, and who has seen your information. You log in with ID-porten.',
      logInCitizen: 'Log in as a citizen',
      forStaff: 'For health personnel',
      forStaffText: 'For employees of the hospital, the municipalities and the GP surgeries. You log in with HelseID and act for your service.',
      logInStaff: 'Log in as health personnel',
      notFoundTitle: 'Page not found',
      notFoundText: 'The page you are looking for does not exist, or it has moved. Check that the address is right.',
      toFrontPage: 'Go to the front page',
    },
  },
)
