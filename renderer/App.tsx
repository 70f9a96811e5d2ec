import { NavLink, Route, Routes } from 'react-router';
import { useApi } from './api/hooks';
import { PortfolioPage } from './features/portfolio/PortfolioPage';
import { ContractPage } from './features/contract/ContractPage';
import { ContractFormPage } from './features/contract/ContractFormPage';
import { date } from './i18n/format';
import { BackupButton } from './features/settings/BackupButton';
import { SharedDatabase } from './features/settings/SharedDatabase';
import { SourcesPage } from './features/sources/SourcesPage';

export function App() {
  const info = useApi('app.info', {});
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">ACI</span>
          <div>
            <div className="brand-name">ACI CPTS</div>
            <div className="brand-sub">Contrats et financements</div>
          </div>
        </div>
        <nav aria-label="Navigation principale">
          <NavLink to="/" end>
            Portefeuille
          </NavLink>
          <NavLink to="/contrats/nouveau">Nouveau contrat</NavLink>
          <NavLink to="/sources">Sources et choix de modélisation</NavLink>
        </nav>
        <div className="sidebar-foot">
          <BackupButton />
          <SharedDatabase />
          {info.data && (
            <>
              <div>Données au {date(info.data.today)}</div>
              <div>{info.data.mode === 'browser' ? 'Mode navigateur' : 'Application de bureau'} · v{info.data.version}</div>
            </>
          )}
        </div>
      </aside>
      <main className="content">
        <Routes>
          <Route path="/" element={<PortfolioPage />} />
          <Route path="/contrats/nouveau" element={<ContractFormPage />} />
          <Route path="/contrats/:id/modifier" element={<ContractFormPage />} />
          <Route path="/contrats/:id/*" element={<ContractPage />} />
          <Route path="/sources" element={<SourcesPage />} />
          <Route path="*" element={<p>Page introuvable.</p>} />
        </Routes>
      </main>
    </div>
  );
}
