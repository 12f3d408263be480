import { Button, Card, Heading, Paragraph } from '@digdir/designsystemet-react'
import { displayName, useMe } from '../../api/me.ts'
import { homePath, loginUrl } from '../../auth/login-url.ts'
import { AppLink } from '../../components/links.tsx'
import { useDocumentTitle } from '../../components/use-document-title.ts'

function SignedInNotice() {
  const { data: me } = useMe()
  if (!me) return null
  return (
    <Paragraph className="app-notice">
      Du er logget inn som {displayName(me)}. <AppLink to={homePath[me.kind]}>Gå til din side</AppLink>
    </Paragraph>
  )
}

export function LandingPage() {
  useDocumentTitle('Samhandling i helsefellesskapet i Vestfold')
  return (
    <div className="app-stack app-stack--loose">
      <div className="app-stack app-intro">
        <Heading level={1} data-size="xl">
          Samhandling i helsefellesskapet i Vestfold
        </Heading>
        <Paragraph data-size="lg">
          Samband er samhandlingsplattformen for helsefellesskapet i Vestfold. Her samarbeider Sykehuset i Vestfold, kommunene Horten, Holmestrand, Tønsberg,
          Sandefjord, Larvik og Færder, fastlegene og innbyggerne.
        </Paragraph>
        <SignedInNotice />
      </div>

      <div className="app-choices">
        <Card data-color="accent" className="app-choice">
          <Heading level={2} data-size="sm">
            For innbyggere
          </Heading>
          <Paragraph>Se hvem du kan handle på vegne av, og hvem som har sett opplysningene dine. Du logger inn med ID-porten.</Paragraph>
          <div>
            <Button asChild>
              <a href={loginUrl('citizen', homePath.citizen)}>Logg inn som innbygger</a>
            </Button>
          </div>
        </Card>
        <Card data-color="accent" className="app-choice">
          <Heading level={2} data-size="sm">
            For helsepersonell
          </Heading>
          <Paragraph>For ansatte i sykehuset, kommunene og på legekontorene. Du logger inn med HelseID og handler på vegne av tjenesten din.</Paragraph>
          <div>
            <Button asChild>
              <a href={loginUrl('staff', homePath.staff)}>Logg inn som helsepersonell</a>
            </Button>
          </div>
        </Card>
      </div>
    </div>
  )
}
