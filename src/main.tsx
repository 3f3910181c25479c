import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/app';
import { startFirstLoad } from '@/app/first-load';
import { preloadFirstPage } from '@/app/router';
import { enableMocking } from '@/lib/enable-mocking';
import { createQueryClient } from '@/lib/query-client';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

await enableMocking();
const queryClient = createQueryClient();
startFirstLoad(queryClient, window.location.pathname);
// Its chunk is already downloading (modulepreload): rendering after it avoids a Suspense fallback.
await preloadFirstPage(window.location.pathname).catch(() => undefined);
createRoot(root).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
