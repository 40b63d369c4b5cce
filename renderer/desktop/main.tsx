// Entry of the desktop dialogs' bundle (built by scripts/build-renderer.ts).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { desktopBridge } from './bridge/desktop-bridge.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App api={desktopBridge()} />
  </StrictMode>,
);
