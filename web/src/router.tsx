import { createBrowserRouter } from 'react-router'
import { Layout } from './components/Layout.tsx'
import { PageError } from './components/PageStates.tsx'
import { AccessLogPage } from './pages/AccessLogPage.tsx'
import { AddressRegistryPage } from './pages/AddressRegistryPage.tsx'
import { AssignedFullmaktPage } from './pages/AssignedFullmaktPage.tsx'
import { CitizenHomePage } from './pages/CitizenHomePage.tsx'
import { CitizenNewThreadPage } from './pages/CitizenNewThreadPage.tsx'
import { CitizenThreadPage } from './pages/CitizenThreadPage.tsx'
import { CitizenThreadsPage } from './pages/CitizenThreadsPage.tsx'
import { FullmakterPage } from './pages/FullmakterPage.tsx'
import { HealthContactsPage } from './pages/HealthContactsPage.tsx'
import { LandingPage } from './pages/LandingPage.tsx'
import { MessagePage } from './pages/MessagePage.tsx'
import { MessagesPage } from './pages/MessagesPage.tsx'
import { NewMessagePage } from './pages/NewMessagePage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { NotificationSettingsPage } from './pages/NotificationSettingsPage.tsx'
import { OnboardingMunicipalityPage } from './pages/OnboardingMunicipalityPage.tsx'
import { OnboardingPage } from './pages/OnboardingPage.tsx'
import { OnboardingTermsPage } from './pages/OnboardingTermsPage.tsx'
import { ServiceThreadPage } from './pages/ServiceThreadPage.tsx'
import { ServiceThreadsPage } from './pages/ServiceThreadsPage.tsx'
import { StaffHomePage } from './pages/StaffHomePage.tsx'

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
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
])
