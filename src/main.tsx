import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/app';
import { enableMocking } from '@/lib/enable-mocking';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

await enableMocking();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
