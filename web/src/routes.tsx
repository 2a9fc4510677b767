import { Navigate, Route, Routes } from 'react-router';
import { ConsoleLayout } from './layouts/ConsoleLayout';
import { PublicLayout } from './layouts/PublicLayout';
import { Callback } from './pages/account/Callback';
import { ComplaintsPage } from './pages/complaints/ComplaintsPage';
import { ConsoleComplaints } from './pages/complaints/ConsoleComplaints';
import { Contracts } from './pages/contracts/Contracts';
import { Dashboard } from './pages/dashboard/Dashboard';
import { FundsPage } from './pages/funds/FundsPage';
import { Home } from './pages/home/Home';
import { PublicityPage } from './pages/publicity/PublicityPage';
import { Reports } from './pages/reports/Reports';
import { Stations } from './pages/stations/Stations';

/**
 * The portal's pages: the public site under `/gs/` (公示, 资金公开, 投诉) and the console under `/console/`, paths
 * no API route uses, so the server sends every API path to the API and any other page path to this app.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Navigate to="/gs" replace />} />
      <Route path="/gs" element={<PublicLayout />}>
        <Route index element={<Home />} />
        <Route path="publicity" element={<PublicityPage />} />
        <Route path="funds" element={<FundsPage />} />
        <Route path="complaints" element={<ComplaintsPage />} />
      </Route>
      <Route path="/console/callback" element={<Callback />} />
      <Route path="/console" element={<ConsoleLayout />}>
        <Route index element={<Dashboard />} />
        <Route path="stations" element={<Stations />} />
        <Route path="contracts" element={<Contracts />} />
        <Route path="reports" element={<Reports />} />
        <Route path="complaints" element={<ConsoleComplaints />} />
      </Route>
      <Route path="*" element={<Navigate to="/gs" replace />} />
    </Routes>
  );
}
