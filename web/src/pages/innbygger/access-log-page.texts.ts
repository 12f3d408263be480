import { defineTexts } from '../../i18n/texts.ts'

/** Innsynslogg (AccessLogPage): whose log it is, and why someone else's cannot be shown. */
export const accessLogPageTexts = defineTexts(
  'access-log-page',
  {
    ownTitle: 'Hvem har sett opplysningene dine',
    ownIntro:
      'Her ser du hvem som har sett eller brukt opplysningene dine i Samband, og hvem som har prøvd uten å få lov: én linje per dag, virksomhet og person, med hvor mange ganger. Ser du noe du mener er feil, kan du kontakte virksomheten.',
    ownCaption: 'Oppslag i opplysningene dine, nyeste først',
    ownEmpty: 'Ingen andre har sett opplysningene dine i denne perioden.',
    ownNote: 'Du handler på vegne av {{name}}, men dette er din egen innsynslogg.',
    otherTitle: 'Hvem har sett opplysningene til {{name}}',
    otherIntro:
      'Du ser denne loggen fordi du kan handle på vegne av {{name}}. Her ser du hvem som har sett eller brukt opplysningene i Samband, og hvem som har prøvd uten å få lov.',
    otherCaption: 'Oppslag i opplysningene til {{name}}, nyeste først',
    otherEmpty: 'Ingen har sett opplysningene til {{name}} i denne perioden.',
    notAllowedTitleFor: 'Du kan ikke se innsynsloggen til {{name}}',
    notAllowedTitle: 'Du kan ikke se denne loggen',
    notAllowedAny: 'Du kan bare se innsynsloggen din, og loggen til personer du kan se innsynsloggen for.',
    notAllowedReduced:
      'Du handler på vegne av {{name}}, men som forelder til et barn mellom 12 og 16 år kan du ikke se hvem som har sett opplysningene til barnet.',
    notAllowedNotCovered: 'Du handler på vegne av {{name}}, men fullmakten din omfatter ikke innsynsloggen. Vi viser derfor ingen logg her.',
    seeOwn: 'Se din egen innsynslogg',
    backToHome: 'Tilbake til Min side',
    loadFailed: 'Vi klarte ikke å hente innsynsloggen akkurat nå.',
    pages: 'Sider i innsynsloggen',
  },
  {
    nn: {
      ownTitle: 'Kven har sett opplysningane dine',
      ownIntro:
        'Her ser du kven som har sett eller brukt opplysningane dine i Samband, og kven som har prøvd utan å få lov: éi linje per dag, verksemd og person, med kor mange gonger. Ser du noko du meiner er feil, kan du kontakte verksemda.',
      ownCaption: 'Oppslag i opplysningane dine, nyaste først',
      ownEmpty: 'Ingen andre har sett opplysningane dine i denne perioden.',
      ownNote: 'Du handlar på vegner av {{name}}, men dette er din eigen innsynslogg.',
      otherTitle: 'Kven har sett opplysningane til {{name}}',
      otherIntro:
        'Du ser denne loggen fordi du kan handle på vegner av {{name}}. Her ser du kven som har sett eller brukt opplysningane i Samband, og kven som har prøvd utan å få lov.',
      otherCaption: 'Oppslag i opplysningane til {{name}}, nyaste først',
      otherEmpty: 'Ingen har sett opplysningane til {{name}} i denne perioden.',
      notAllowedTitleFor: 'Du kan ikkje sjå innsynsloggen til {{name}}',
      notAllowedTitle: 'Du kan ikkje sjå denne loggen',
      notAllowedAny: 'Du kan berre sjå innsynsloggen din, og loggen til personar du kan sjå innsynsloggen for.',
      notAllowedReduced:
        'Du handlar på vegner av {{name}}, men som forelder til eit barn mellom 12 og 16 år kan du ikkje sjå kven som har sett opplysningane til barnet.',
      notAllowedNotCovered: 'Du handlar på vegner av {{name}}, men fullmakta di omfattar ikkje innsynsloggen. Vi viser difor ingen logg her.',
      seeOwn: 'Sjå din eigen innsynslogg',
      backToHome: 'Tilbake til Mi side',
      loadFailed: 'Vi klarte ikkje å hente innsynsloggen akkurat no.',
      pages: 'Sider i innsynsloggen',
    },
    en: {
      ownTitle: 'Who has seen your information',
      ownIntro:
        'Here you can see who has seen or used your information in Samband, and who tried without being allowed to: one line per day, organisation and person, with how many times. If you see something you think is wrong, you can contact the organisation.',
      ownCaption: 'Look-ups of your information, newest first',
      ownEmpty: 'Nobody else has seen your information in this period.',
      ownNote: 'You are acting on behalf of {{name}}, but this is your own access log.',
      otherTitle: 'Who has seen the information of {{name}}',
      otherIntro:
        'You can see this log because you can act on behalf of {{name}}. Here you can see who has seen or used the information in Samband, and who tried without being allowed to.',
      otherCaption: 'Look-ups of the information of {{name}}, newest first',
      otherEmpty: 'Nobody has seen the information of {{name}} in this period.',
      notAllowedTitleFor: 'You cannot see the access log of {{name}}',
      notAllowedTitle: 'You cannot see this log',
      notAllowedAny: 'You can only see your own access log, and the log of people whose access log you may see.',
      notAllowedReduced:
        'You are acting on behalf of {{name}}, but as the parent of a child aged 12 to 15 you cannot see who has seen the child’s information.',
      notAllowedNotCovered: 'You are acting on behalf of {{name}}, but your fullmakt does not cover the access log. So we show no log here.',
      seeOwn: 'See your own access log',
      backToHome: 'Back to My page',
      loadFailed: 'We could not fetch the access log just now.',
      pages: 'Pages of the access log',
    },
  },
)
