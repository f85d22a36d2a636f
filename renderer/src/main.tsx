import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectHost } from './host-bridge.ts';
import './styles.css';

// In Electron the preload has put the API on window; in browser mode the host bridge provides the same one.
window.fapiao ??= await connectHost();
createRoot(document.getElementById('root')!).render(<App />);
