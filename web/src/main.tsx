import '@digdir/designsystemet-css'
import '@digdir/designsystemet-css/theme'
import './styles/app.css'
import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './i18n/i18n.ts'
import { LanguageRoot } from './i18n/LanguageRoot.tsx'
import { RouterProvider } from 'react-router/dom'
import { createQueryClient } from './query-client.ts'
import { router } from './router.tsx'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <LanguageRoot>
        <RouterProvider router={router} />
      </LanguageRoot>
    </QueryClientProvider>
  </StrictMode>,
)
