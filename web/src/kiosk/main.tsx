import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n';
import { KioskApp } from './KioskApp';
import './kiosk.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <KioskApp />
    </I18nProvider>
  </StrictMode>,
);
