import { createBrowserRouter } from 'react-router'
import { Layout } from './components/Layout.tsx'
import { PageError } from './components/PageStates.tsx'
import { LandingPage } from './pages/felles/LandingPage.tsx'
import { NotFoundPage } from './pages/felles/NotFoundPage.tsx'
import { DevMailboxPage } from './pages/forvaltning/DevMailboxPage.tsx'
import { OnboardingMunicipalityPage } from './pages/forvaltning/OnboardingMunicipalityPage.tsx'
import { OnboardingPage } from './pages/forvaltning/OnboardingPage.tsx'
import { OnboardingTermsPage } from './pages/forvaltning/OnboardingTermsPage.tsx'
import { AddressRegistryPage } from './pages/helsepersonell/AddressRegistryPage.tsx'
import { AssignedFullmaktPage } from './pages/helsepersonell/AssignedFullmaktPage.tsx'
import { MessagePage } from './pages/helsepersonell/MessagePage.tsx'
import { MessagesPage } from './pages/helsepersonell/MessagesPage.tsx'
import { NewMessagePage } from './pages/helsepersonell/NewMessagePage.tsx'
import { ServiceThreadPage } from './pages/helsepersonell/ServiceThreadPage.tsx'
import { ServiceThreadsPage } from './pages/helsepersonell/ServiceThreadsPage.tsx'
import { StaffHomePage } from './pages/helsepersonell/StaffHomePage.tsx'
import { AccessLogPage } from './pages/innbygger/AccessLogPage.tsx'
import { CitizenHomePage } from './pages/innbygger/CitizenHomePage.tsx'
import { CitizenNewThreadPage } from './pages/innbygger/CitizenNewThreadPage.tsx'
import { CitizenThreadPage } from './pages/innbygger/CitizenThreadPage.tsx'
import { CitizenThreadsPage } from './pages/innbygger/CitizenThreadsPage.tsx'
import { FullmakterPage } from './pages/innbygger/FullmakterPage.tsx'
import { HealthContactsPage } from './pages/innbygger/HealthContactsPage.tsx'
import { NotificationSettingsPage } from './pages/innbygger/NotificationSettingsPage.tsx'

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      {
        // A crash in one page keeps the header and the way out (Logg ut) on screen.
        errorElement: <PageError />,
        children: [
          { index: true, element: <LandingPage /> },
          { path: 'innbygger', element: <CitizenHomePage /> },
          { path: 'innbygger/logg', element: <AccessLogPage /> },
          { path: 'innbygger/meldinger', element: <CitizenThreadsPage /> },
          { path: 'innbygger/meldinger/ny', element: <CitizenNewThreadPage /> },
          { path: 'innbygger/meldinger/:id', element: <CitizenThreadPage /> },
          { path: 'innbygger/varsler', element: <NotificationSettingsPage /> },
          { path: 'innbygger/fullmakter', element: <FullmakterPage /> },
          { path: 'innbygger/helsekontakter', element: <HealthContactsPage /> },
          { path: 'helsepersonell', element: <StaffHomePage /> },
          { path: 'helsepersonell/meldinger', element: <MessagesPage /> },
          { path: 'helsepersonell/meldinger/ny', element: <NewMessagePage /> },
          { path: 'helsepersonell/meldinger/:id', element: <MessagePage /> },
          { path: 'helsepersonell/adresseregister', element: <AddressRegistryPage /> },
          { path: 'helsepersonell/tildelt-fullmakt', element: <AssignedFullmaktPage /> },
          { path: 'helsepersonell/innbyggermeldinger', element: <ServiceThreadsPage /> },
          { path: 'helsepersonell/innbyggermeldinger/:id', element: <ServiceThreadPage /> },
          { path: 'forvaltning/kommuner', element: <OnboardingPage /> },
          { path: 'forvaltning/kommuner/:id', element: <OnboardingMunicipalityPage /> },
          { path: 'forvaltning/vilkar', element: <OnboardingTermsPage /> },
          { path: 'forvaltning/utviklingspostkasse', element: <DevMailboxPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
])
