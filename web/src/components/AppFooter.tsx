import { Paragraph } from '@digdir/designsystemet-react'

export function AppFooter() {
  return (
    <footer className="app-footer">
      <div className="app-container">
        <Paragraph data-size="sm">
          Samband – samhandlingsplattform for helsefellesskapet i Vestfold: Sykehuset i Vestfold, kommunene, fastlegene og innbyggerne.
        </Paragraph>
      </div>
    </footer>
  )
}
