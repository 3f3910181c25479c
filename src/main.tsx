import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/app';
import { startFirstLoad } from '@/app/first-load';
import { enableMocking } from '@/lib/enable-mocking';
import { createQueryClient } from '@/lib/query-client';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

await enableMocking();
const queryClient = createQueryClient();
startFirstLoad(queryClient, window.location.pathname);
createRoot(root).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
