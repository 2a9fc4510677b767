import { Route, Routes } from 'react-router';
import { ConsoleLayout } from './layouts/ConsoleLayout';
import { Callback } from './pages/account/Callback';
import { ConsoleComplaints } from './pages/complaints/ConsoleComplaints';
import { Contracts } from './pages/contracts/Contracts';
import { Dashboard } from './pages/dashboard/Dashboard';
import { Reports } from './pages/reports/Reports';
import { Stations } from './pages/stations/Stations';

/** The console's pages under `/console/` (a chunk of its own, loaded on first visit). */
export default function ConsoleRoutes() {
  return (
    <Routes>
      <Route path="callback" element={<Callback />} />
      <Route element={<ConsoleLayout />}>
        <Route index element={<Dashboard />} />
        <Route path="stations" element={<Stations />} />
        <Route path="contracts" element={<Contracts />} />
        <Route path="reports" element={<Reports />} />
        <Route path="complaints" element={<ConsoleComplaints />} />
      </Route>
    </Routes>
  );
}
